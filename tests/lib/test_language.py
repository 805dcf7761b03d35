def test_pages_are_thai_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in response.content.decode()


def test_the_language_button_switches_to_english(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    response = client.get("/accounts/login/")
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
