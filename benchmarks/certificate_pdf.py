"""How long one certificate PDF takes to render and how large it is, with the embedded font and a drawn seal
(the school zip renders one per learner). No database: the certificate is built in memory.

    python benchmarks/certificate_pdf.py [N]
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date

from lms import create_app
from lms.certificates import pdf
from lms.certificates.models import Certificate


def main(n: int = 30) -> dict:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench",
                      "SERVER_NAME": "lms.test"})
    timings, sizes = [], []
    with app.test_request_context():
        for i in range(n):
            cert = Certificate(code=f"BENCH{i:07d}", name="王晓明" if i % 2 else "李思远", school="南京市鼓楼区第一中学",
                               project="2026年江苏省乡村教师能力提升培训项目", course="新课标背景下的课堂提问策略",
                               batch="第9期", total=90 + i % 10, study_hours=30.0, credit_hours=40.0,
                               issuing_body="江苏省中小学教师培训中心", project_code="JS-2026-017",
                               issued_on=date(2026, 12, 14))
            started = time.perf_counter()
            data = pdf.render(cert, f"https://lms.test/verify/{cert.code}", outstanding=bool(i % 3 == 0))
            timings.append(time.perf_counter() - started)
            sizes.append(len(data))
    first, rest = timings[0], timings[1:]
    return {"certificates": n, "first_ms": round(first * 1000, 1),
            "median_ms": round(statistics.median(rest) * 1000, 1), "max_ms": round(max(rest) * 1000, 1),
            "median_bytes": int(statistics.median(sizes))}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)))
