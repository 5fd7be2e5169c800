"""An on-demand request with a photo of the problem (001 L39 "拍照上传自己的问题"): stored and limited as the square's
question photo; seen by its student, the tutors while it waits and the tutor who took it, in the session."""
from __future__ import annotations

import io

from tests.helpers import assert_error, csrf_token, sign_in
from tests.square.conftest import PNG
from tests.tutoring.conftest import MONDAY, at, move_to


def _ask(api, student, image=(PNG, "题目.png")):
    return api.post("/tutoring/requests", student, content_type="multipart/form-data",
                    data={"subject": "数学", "question": "这道几何题怎么添辅助线？", "image": (io.BytesIO(image[0]), image[1])})


def test_a_request_carries_a_photo_to_the_tutors_and_the_session(api, world):
    move_to(at(MONDAY, 19))
    assert_error(_ask(api, world.student, (b"MZ", "x.exe")), 415, "unsupported_media_type")
    assert _ask(api, world.student, (b"\x00" * (5 * 1024 * 1024 + 10), "big.png")).status_code == 413
    r = _ask(api, world.student)
    assert r.status_code == 201, r.get_json()
    req = r.get_json()
    path = f"/tutoring/requests/{req['id']}/image"
    assert req["image_url"] == "/api/v1" + path
    (waiting,) = api.get("/tutoring/requests", world.tutor2).get_json()["items"]
    assert waiting["image_url"] == req["image_url"]
    for user in (world.student, world.tutor, world.tutor2):
        image = api.get(path, user)
        assert image.status_code == 200 and image.mimetype == "image/png" and image.data == PNG
    for user in (world.student2, world.teacher, world.school):
        assert_error(api.get(path, user), 403, "forbidden")
    api.put("/tutoring/me/availability", world.tutor, json={"available": True})
    assert api.post(f"/tutoring/requests/{req['id']}/accept", world.tutor).status_code == 201
    assert api.get(path, world.tutor).status_code == 200
    assert_error(api.get(path, world.tutor2), 403, "forbidden")  # taken by another tutor
    # JSON still works, without a photo
    plain = api.post("/tutoring/requests", world.student2, json={"question": "求导怎么做"}).get_json()
    assert plain["image_url"] is None
    assert_error(api.get(f"/tutoring/requests/{plain['id']}/image", world.student2), 404, "not_found")


def test_the_photo_on_the_pages(app, world):
    move_to(at(MONDAY, 19))
    student = app.test_client()
    sign_in(student, world.student)
    student.get("/lang/en")
    page = student.get("/tutoring/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "A photo of the problem" in page
    r = student.post("/tutoring/requests", content_type="multipart/form-data", follow_redirects=True,
                     data={"subject": "数学", "question": "这道几何题怎么添辅助线？", "csrf_token": csrf_token(page),
                           "image": (io.BytesIO(PNG), "题.png")})
    assert "Your request is waiting for a free tutor." in r.get_data(as_text=True)
    tutor = app.test_client()
    sign_in(tutor, world.tutor)
    tutor.get("/lang/en")
    page = tutor.get("/tutoring/").get_data(as_text=True)
    assert "/tutoring/requests/" in page and ">Photo</a>" in page
    image_path = page.split('href="/tutoring/requests/')[1].split('"')[0]
    assert tutor.get("/tutoring/requests/" + image_path).data == PNG
    tutor.post("/tutoring/availability", data={"available": "1", "csrf_token": csrf_token(page)})
    request_id = image_path.split("/")[0]
    r = tutor.post(f"/tutoring/requests/{request_id}/accept", data={"csrf_token": csrf_token(page)},
                   follow_redirects=True)
    html = r.get_data(as_text=True)
    assert 'id="request-photo"' in html and f"/tutoring/requests/{request_id}/image" in html
