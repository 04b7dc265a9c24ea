"""Mongolian (Cyrillic) names of the reference data, filled into the translation
columns by a data migration. Keys are the rows' codes."""

COUNTRIES = {
    "KH": "Cambodia",
    "KG": "Kyrgyzstan",
    "MN": "Mongolia",
    "TH": "Thailand",
    "VN": "Viet Nam",
    "CN": "China",
    "ID": "Indonesia",
    "JP": "Japan",
    "MY": "Malaysia",
    "PH": "Philippines",
    "KR": "Republic of Korea",
    "LA": "Lao People's Democratic Republic",
}

ENTITY_TYPES = {
    "cooperative": {
        "name": "Cooperative",
        "description": "An autonomous association of persons united "
        "voluntarily to meet their common economic, social and "
        "cultural needs through a jointly owned and "
        "democratically controlled enterprise.",
    },
    "association": {
        "name": "Association",
        "description": "A membership organisation formed by people who pursue "
        "a common, non-profit purpose, such as a producers', "
        "women's or professional association.",
    },
    "mutual-society": {
        "name": "Mutual society",
        "description": "An organisation owned by its members that pools "
        "their contributions to insure or support them "
        "against shared risks such as illness, death or "
        "crop loss.",
    },
    "foundation": {
        "name": "Foundation",
        "description": "A body that holds and uses assets for a social, "
        "cultural or environmental purpose, governed by a board "
        "rather than by members.",
    },
    "social-enterprise": {
        "name": "Social enterprise",
        "description": "An enterprise that trades goods or services to "
        "pursue a social or environmental mission and "
        "reinvests most of its surplus in that mission.",
    },
    "self-help-group": {
        "name": "Self-help group",
        "description": "A small, informal group of people, often women, "
        "who meet regularly to save, lend and support each "
        "other.",
    },
    "community-enterprise": {
        "name": "Community enterprise",
        "description": "An enterprise owned and run by the people of "
        "a community, producing or selling for the "
        "community's benefit.",
    },
    "savings-group": {
        "name": "Savings group",
        "description": "A group whose members pool regular savings and lend "
        "them to each other, such as a village savings and "
        "loan association.",
    },
    "microfinance-institution": {
        "name": "Microfinance institution",
        "description": "An organisation that provides credit, "
        "savings and other financial services to "
        "people on low incomes.",
    },
    "other": {
        "name": "Other",
        "description": "An entity whose form fits none of the other types; its "
        "national legal form says what it is.",
    },
}

SECTORS = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply; sewerage, waste management and remediation activities",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    "H": "Transportation and storage",
    "I": "Accommodation and food service activities",
    "J": "Information and communication",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support service activities",
    "O": "Public administration and defence; compulsory social security",
    "P": "Education",
    "Q": "Human health and social work activities",
    "R": "Arts, entertainment and recreation",
    "S": "Other service activities",
    "T": "Activities of households as employers; undifferentiated goods- and "
    "services-producing activities of households for own use",
    "U": "Activities of extraterritorial organizations and bodies",
}

SDGS = {
    1: "No poverty",
    2: "Zero hunger",
    3: "Good health and well-being",
    4: "Quality education",
    5: "Gender equality",
    6: "Clean water and sanitation",
    7: "Affordable and clean energy",
    8: "Decent work and economic growth",
    9: "Industry, innovation and infrastructure",
    10: "Reduced inequalities",
    11: "Sustainable cities and communities",
    12: "Responsible consumption and production",
    13: "Climate action",
    14: "Life below water",
    15: "Life on land",
    16: "Peace, justice and strong institutions",
    17: "Partnerships for the goals",
}
