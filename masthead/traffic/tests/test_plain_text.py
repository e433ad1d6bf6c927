"""Reader and editor text in traffic alerts is stored as plain text (tags dropped) and escaped
once, on output. Found by tests/e2e/test_injection_payloads.py: the road showed "&gt;"."""

from masthead.traffic.services import _plain


def test_markup_is_dropped_and_characters_are_kept_as_typed():
    assert _plain('Smith & Sons Rd "A" <b>north</b>', limit=200) == 'Smith & Sons Rd "A" north'
    assert _plain("road \"'><img src=x onerror=alert(1)>{{7*7}}", limit=200) == "road \"'>{{7*7}}"
    assert _plain("<script>alert(1)</script>N1", limit=200) == "N1"
    assert _plain("a   b\n c", limit=3) == "a b"
