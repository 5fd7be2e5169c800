"""The Flask extensions, created unbound and wired in create_app."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from lms.core.cache import cache  # noqa: F401 (wired in create_app with the others)
from lms.core.db import Base, RoutingSession

# A request commits once at its end; expiring everything then would only cost refresh queries while
# the response is rendered. A request marked for the replica reads from its engine (lms.core.db.RoutingSession).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False, "class_": RoutingSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
