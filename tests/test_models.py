import json

import oncofr
from oncofr.models import DocumentResult


def test_result_serialises_to_the_contract_and_parses_back():
    result = oncofr.extract(
        "Homme de 54 ans.", note_date="2016-05-01", doc_id="cc1", include_text=True
    )
    data = json.loads(result.to_json())
    assert data["schema"] == "oncofr.document/1" and data["id"] == "cc1"
    assert data["meta"]["language"] == "fr" and data["meta"]["note_date"] == "2016-05-01"
    assert data["record"]["outcome"] == {
        "vital_status": "unknown",
        "last_status": None,
        "last_follow_up": None,
        "mentions": [],
    }
    assert DocumentResult.model_validate(data) == result


def test_text_is_left_out_unless_carried():
    assert "text" not in oncofr.extract("Patiente.").to_json_dict()
