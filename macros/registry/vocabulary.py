"""ClinicalTrials.gov API v2 vocabularies the sync accepts (ids and statuses from macros/registries.py); a value
outside them stops the run."""

from __future__ import annotations

from ..registries import CTGOV_STATUS, REGISTRIES

NCT_ID = REGISTRIES["clinicaltrials.gov"].id_pattern
STATUSES = frozenset(CTGOV_STATUS)
PHASES = frozenset({"EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA"})
DATE_TYPES = frozenset({"ACTUAL", "ESTIMATED"})
SPONSOR_CLASSES = frozenset({"INDUSTRY", "NIH", "FED", "OTHER_GOV", "INDIV", "NETWORK", "AMBIG", "OTHER", "UNKNOWN"})

#: Country names as ClinicalTrials.gov prints them in locations[].country, to ISO 3166-1 alpha-2.
COUNTRIES = {
    "Afghanistan": "AF", "Albania": "AL", "Algeria": "DZ", "Argentina": "AR", "Armenia": "AM", "Australia": "AU",
    "Austria": "AT", "Azerbaijan": "AZ", "Bahrain": "BH", "Bangladesh": "BD", "Belarus": "BY", "Belgium": "BE",
    "Bolivia": "BO", "Bosnia and Herzegovina": "BA", "Brazil": "BR", "Bulgaria": "BG", "Cambodia": "KH",
    "Cameroon": "CM", "Canada": "CA", "Chile": "CL", "China": "CN", "Colombia": "CO", "Costa Rica": "CR",
    "Croatia": "HR", "Cuba": "CU", "Cyprus": "CY", "Czechia": "CZ", "Czech Republic": "CZ", "Denmark": "DK",
    "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV", "Estonia": "EE",
    "Ethiopia": "ET", "Finland": "FI", "France": "FR", "Georgia": "GE", "Germany": "DE", "Ghana": "GH",
    "Greece": "GR", "Guatemala": "GT", "Honduras": "HN", "Hong Kong": "HK", "Hungary": "HU", "Iceland": "IS",
    "India": "IN", "Indonesia": "ID", "Iran, Islamic Republic of": "IR", "Iraq": "IQ", "Ireland": "IE",
    "Israel": "IL", "Italy": "IT", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO", "Kazakhstan": "KZ",
    "Kenya": "KE", "Korea, Republic of": "KR", "Kuwait": "KW", "Kyrgyzstan": "KG", "Latvia": "LV", "Lebanon": "LB",
    "Libya": "LY", "Lithuania": "LT", "Luxembourg": "LU", "Macao": "MO", "Malaysia": "MY", "Malta": "MT",
    "Mexico": "MX", "Moldova, Republic of": "MD", "Mongolia": "MN", "Montenegro": "ME", "Morocco": "MA",
    "Nepal": "NP", "Netherlands": "NL", "New Zealand": "NZ", "Nicaragua": "NI", "Nigeria": "NG",
    "North Macedonia": "MK", "Norway": "NO", "Oman": "OM", "Pakistan": "PK", "Palestinian Territory, occupied": "PS",
    "Panama": "PA", "Paraguay": "PY", "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Portugal": "PT",
    "Puerto Rico": "PR", "Qatar": "QA", "Romania": "RO", "Russian Federation": "RU", "Saudi Arabia": "SA",
    "Serbia": "RS", "Singapore": "SG", "Slovakia": "SK", "Slovenia": "SI", "South Africa": "ZA", "Spain": "ES",
    "Sri Lanka": "LK", "Sudan": "SD", "Sweden": "SE", "Switzerland": "CH", "Syrian Arab Republic": "SY",
    "Taiwan": "TW", "Tanzania": "TZ", "Thailand": "TH", "Tunisia": "TN", "Turkey": "TR", "Türkiye": "TR",
    "Uganda": "UG", "Ukraine": "UA", "United Arab Emirates": "AE", "United Kingdom": "GB", "United States": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN", "Viet Nam": "VN", "Yemen": "YE",
    "Zambia": "ZM", "Zimbabwe": "ZW",
}
