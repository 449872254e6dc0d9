"""The shared spaCy/EDS-NLP set-up: spaCy's French tokenizer pattern compiled on first use."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_french_token_match_is_compiled_on_first_use_and_still_matches():
    script = textwrap.dedent("""
        import re
        compile_before = re.compile
        from oncofr.nlp import import_spacy_french, shared_nlp
        import_spacy_french()
        assert re.compile is compile_before, "re.compile must be restored"
        from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH
        pattern = TOKEN_MATCH.__self__
        assert pattern._compiled is None, "compiled at import"
        shared_nlp()("Pas de métastase hépatique.")
        assert pattern._compiled is None, "the EDS tokenizer used it"
        assert TOKEN_MATCH("anti-inflammatoire") is not None
        assert TOKEN_MATCH("chimiothérapie") is None
        assert pattern._compiled is not None
        import spacy
        assert [t.text for t in spacy.blank("fr")("l'arrière-grand-mère")] == [
            "l'", "arrière-grand-mère"]
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
