"""Vocabulary for the demo-data generator: words, places and phrases per country.

Everything here is literal data. Names are built from a locality, an activity
and an entity-type word, once in English and once in the local script, with
the patterns in NAME_PATTERNS. English names use the romanised locality.

Keys used throughout: the country code ("KH", "KG", "MN", "TH", "VN") and the
entity-type slugs of the reference data (cooperative, association,
mutual-society, foundation, social-enterprise, self-help-group,
community-enterprise, savings-group, microfinance-institution, other).
"""

from __future__ import annotations

# country -> type slug -> (English word, local word as used in a name, national legal form).
# The English and local words are the ones that appear in an entity's name, so they
# follow national usage: a Cambodian "cooperative" is an agricultural cooperative
# (សហគមន៍កសិកម្ម), a Vietnamese "community enterprise" is a cooperative group
# (tổ hợp tác), a Mongolian one a community partnership (нөхөрлөл).
# Kyrgyz words carry the possessive ending they take after a modifier noun
# ("сүт кооперативи", "аманат тобу").
ENTITY_TYPE_WORDS: dict[str, dict[str, tuple[str, str, str]]] = {
    "KH": {
        "cooperative": (
            "Agricultural Cooperative",
            "សហគមន៍កសិកម្ម",
            "Agricultural cooperative registered under the Law on Agricultural Cooperatives 2013",
        ),
        "association": (
            "Association",
            "សមាគម",
            "Association registered with the Ministry of Interior under the Law on "
            "Associations and Non-Governmental Organizations 2015",
        ),
        "mutual-society": (
            "Mutual Aid Group",
            "ក្រុមជួយគ្នាទៅវិញទៅមក",
            "Community-based mutual aid scheme; micro-insurance activities fall under "
            "the Law on Insurance 2014",
        ),
        "foundation": (
            "Foundation",
            "មូលនិធិ",
            "Non-governmental organisation registered with the Ministry of Interior under "
            "the Law on Associations and Non-Governmental Organizations 2015",
        ),
        "social-enterprise": (
            "Social Enterprise",
            "សហគ្រាសសង្គម",
            "Company registered under the Law on Commercial Enterprises 2005, operating "
            "as a social enterprise",
        ),
        "self-help-group": (
            "Self-Help Group",
            "ក្រុមជួយខ្លួនឯង",
            "Self-help group recognised by the commune council, without separate legal "
            "personality",
        ),
        "community-enterprise": (
            "Community",
            "សហគមន៍",
            "Community organisation recognised by the line ministry (e.g. community "
            "fisheries under the Law on Fisheries 2006)",
        ),
        "savings-group": (
            "Savings Group",
            "ក្រុមសន្សំប្រាក់",
            "Village savings group, without separate legal personality",
        ),
        "microfinance-institution": (
            "Microfinance Institution",
            "គ្រឹះស្ថានមីក្រូហិរញ្ញវត្ថុ",
            "Microfinance institution licensed by the National Bank of Cambodia under "
            "the Law on Banking and Financial Institutions 1999",
        ),
        "other": ("Group", "ក្រុម", "Community group, not registered under a specific law"),
    },
    "KG": {
        "cooperative": (
            "Cooperative",
            "кооперативи",
            "Cooperative registered under the Law of the Kyrgyz Republic on Cooperatives",
        ),
        "association": (
            "Association",
            "ассоциациясы",
            "Public association or association of legal entities under the Law on "
            "Non-Commercial Organisations",
        ),
        "mutual-society": (
            "Mutual Aid Fund",
            "өз ара жардам фонду",
            "Mutual aid fund of a village community, without separate legal personality",
        ),
        "foundation": (
            "Foundation",
            "фонду",
            "Public foundation registered under the Law on Non-Commercial Organisations",
        ),
        "social-enterprise": (
            "Social Enterprise",
            "социалдык ишканасы",
            "Company or non-commercial organisation operating as a social enterprise "
            "(no dedicated legal form)",
        ),
        "self-help-group": (
            "Self-Help Group",
            "өз ара жардам тобу",
            "Self-help group recognised by the ayil okmotu, without separate legal personality",
        ),
        "community-enterprise": (
            "Community-Based Organisation",
            "жамааттык уюму",
            "Community-based organisation (jamaat) registered under the Law on "
            "Non-Commercial Organisations",
        ),
        "savings-group": (
            "Savings Group",
            "аманат тобу",
            "Village savings group, without separate legal personality",
        ),
        "microfinance-institution": (
            "Microfinance Organisation",
            "микрофинансы уюму",
            "Microcredit company or agency licensed by the National Bank under the Law "
            "on Microfinance Organisations",
        ),
        "other": ("Group", "тобу", "Community group, not registered under a specific law"),
    },
    "MN": {
        "cooperative": (
            "Cooperative",
            "хоршоо",
            "Cooperative registered under the Law of Mongolia on Cooperatives",
        ),
        "association": (
            "Association",
            "холбоо",
            "Non-governmental organisation (association) registered with the General "
            "Authority for State Registration",
        ),
        "mutual-society": (
            "Mutual Aid Fund",
            "харилцан туслах сан",
            "Members' mutual aid fund, without separate legal personality",
        ),
        "foundation": (
            "Foundation",
            "сан",
            "Non-governmental organisation (foundation) registered with the General "
            "Authority for State Registration",
        ),
        "social-enterprise": (
            "Social Enterprise",
            "нийгмийн аж ахуйн нэгж",
            "Business entity holding social enterprise status under the Law on "
            "Supporting Employment",
        ),
        "self-help-group": (
            "Group",
            "бүлэг",
            "Self-help group (e.g. herder group), without separate legal personality",
        ),
        "community-enterprise": (
            "Community Partnership",
            "нөхөрлөл",
            "Community partnership (nukhurlul) holding a natural resource co-management "
            "agreement with the soum governor",
        ),
        "savings-group": (
            "Savings Group",
            "хадгаламжийн бүлэг",
            "Savings group, without separate legal personality",
        ),
        "microfinance-institution": (
            "Non-Bank Financial Institution",
            "банк бус санхүүгийн байгууллага",
            "Non-bank financial institution licensed by the Financial Regulatory "
            "Commission under the Law on Non-Bank Financial Activities",
        ),
        "other": (
            "Community Group",
            "иргэдийн бүлэг",
            "Citizens' group, not registered under a specific law",
        ),
    },
    "TH": {
        "cooperative": (
            "Cooperative",
            "สหกรณ์",
            "Cooperative registered under the Cooperatives Act B.E. 2542",
        ),
        "association": (
            "Association",
            "สมาคม",
            "Association registered under the Civil and Commercial Code",
        ),
        "mutual-society": (
            "Community Welfare Fund",
            "กองทุนสวัสดิการชุมชน",
            "Community welfare organisation certified under the Social Welfare Promotion "
            "Act B.E. 2546",
        ),
        "foundation": (
            "Foundation",
            "มูลนิธิ",
            "Foundation registered under the Civil and Commercial Code",
        ),
        "social-enterprise": (
            "Social Enterprise",
            "วิสาหกิจเพื่อสังคม",
            "Social enterprise registered under the Social Enterprise Promotion Act B.E. 2562",
        ),
        "self-help-group": (
            "Occupational Group",
            "กลุ่มอาชีพ",
            "Occupational group registered with the Community Development Department",
        ),
        "community-enterprise": (
            "Community Enterprise",
            "วิสาหกิจชุมชน",
            "Community enterprise registered under the Community Enterprise Promotion "
            "Act B.E. 2548",
        ),
        "savings-group": (
            "Savings Group",
            "กลุ่มออมทรัพย์เพื่อการผลิต",
            "Savings-for-production group registered with the Community Development Department",
        ),
        "microfinance-institution": (
            "Community Financial Institution",
            "สถาบันการเงินชุมชน",
            "Village fund operating as a community financial institution under the "
            "National Village and Urban Community Fund Act B.E. 2547",
        ),
        "other": ("Group", "กลุ่ม", "Community group, not registered under a specific law"),
    },
    "VN": {
        "cooperative": (
            "Cooperative",
            "Hợp tác xã",
            "Cooperative under the Law on Cooperatives 2023",
        ),
        "association": (
            "Association",
            "Hội",
            "Association under Decree 126/2024/ND-CP on the organisation, operation and "
            "management of associations",
        ),
        "mutual-society": (
            "Mutual Aid Fund",
            "Quỹ tương trợ",
            "Mutual aid fund run by a commune-level mass organisation, not a separate "
            "legal entity",
        ),
        "foundation": (
            "Fund",
            "Quỹ",
            "Social or charity fund under Decree 93/2019/ND-CP",
        ),
        "social-enterprise": (
            "Social Enterprise",
            "Doanh nghiệp xã hội",
            "Social enterprise registered under the Law on Enterprises 2020",
        ),
        "self-help-group": (
            "Self-Help Group",
            "Nhóm tự lực",
            "Self-help group recognised by the commune People's Committee, not a legal entity",
        ),
        "community-enterprise": (
            "Cooperative Group",
            "Tổ hợp tác",
            "Cooperative group (to hop tac) under the Law on Cooperatives 2023",
        ),
        "savings-group": (
            "Savings Group",
            "Tổ tiết kiệm",
            "Savings group run under a mass organisation such as the Women's Union, "
            "not a legal entity",
        ),
        "microfinance-institution": (
            "Microfinance Institution",
            "Tổ chức tài chính vi mô",
            "Microfinance institution licensed by the State Bank of Viet Nam under the "
            "Law on Credit Institutions 2024",
        ),
        "other": ("Group", "Nhóm", "Community group, not registered under a specific law"),
    },
}

# Words of a legal form that say it is no registered legal person: a group
# with such a form is never "registered" with a number.
WITHOUT_LEGAL_PERSONALITY = (
    "without separate legal personality",
    "not a legal entity",
    "not a separate legal entity",
    "not registered",
)


def has_legal_personality(legal_form):
    lowered = legal_form.lower()
    return not any(words in lowered for words in WITHOUT_LEGAL_PERSONALITY)


# Types that people of a place form among themselves: none is started by a company.
COMMUNITY_TYPES = frozenset({"savings-group", "self-help-group", "mutual-society"})

# country -> type slug -> relative weight.
TYPE_WEIGHTS: dict[str, dict[str, int]] = {
    "KH": {
        "cooperative": 34,
        "savings-group": 18,
        "self-help-group": 14,
        "community-enterprise": 10,
        "association": 8,
        "foundation": 4,
        "social-enterprise": 3,
        "mutual-society": 3,
        "microfinance-institution": 2,
        "other": 4,
    },
    "KG": {
        "cooperative": 25,
        "association": 18,
        "foundation": 15,
        "community-enterprise": 12,
        "self-help-group": 10,
        "savings-group": 5,
        "mutual-society": 4,
        "microfinance-institution": 4,
        "social-enterprise": 3,
        "other": 4,
    },
    "MN": {
        "cooperative": 36,
        "association": 16,
        "community-enterprise": 14,
        "self-help-group": 9,
        "foundation": 6,
        "savings-group": 5,
        "social-enterprise": 4,
        "microfinance-institution": 4,
        "mutual-society": 2,
        "other": 4,
    },
    "TH": {
        "community-enterprise": 42,
        "cooperative": 22,
        "savings-group": 10,
        "self-help-group": 7,
        "microfinance-institution": 4,
        "mutual-society": 4,
        "association": 4,
        "foundation": 3,
        "social-enterprise": 2,
        "other": 2,
    },
    "VN": {
        "cooperative": 46,
        "community-enterprise": 26,
        "savings-group": 8,
        "association": 6,
        "self-help-group": 4,
        "foundation": 3,
        "social-enterprise": 3,
        "mutual-society": 2,
        "microfinance-institution": 1,
        "other": 1,
    },
}

# country -> (English, local, ISIC Rev. 4 section, type slugs it goes with; () = any).
# The local phrase is the form it takes inside a name: Mongolian in the genitive,
# Kyrgyz as a bare modifier noun, Khmer, Thai and Vietnamese after the type word.
ACTIVITIES: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    "KH": [
        (
            "Organic Rice",
            "ស្រូវសរីរាង្គ",
            "A",
            ("cooperative", "self-help-group", "savings-group", "association"),
        ),
        ("Fragrant Rice", "ស្រូវក្រអូប", "A", ("cooperative", "savings-group")),
        (
            "Vegetable Growing",
            "ដាំបន្លែ",
            "A",
            ("cooperative", "self-help-group", "savings-group", "other"),
        ),
        ("Cashew", "ស្វាយចន្ទី", "A", ("cooperative", "association")),
        ("Pepper", "ម្រេច", "A", ("cooperative", "association")),
        ("Palm Sugar", "ស្ករត្នោត", "C", ("cooperative", "self-help-group", "association")),
        ("Fisheries", "នេសាទ", "A", ("community-enterprise", "cooperative", "savings-group")),
        ("Ecotourism", "អេកូទេសចរណ៍", "I", ("community-enterprise", "social-enterprise", "other")),
        ("Forestry", "ព្រៃឈើ", "A", ("community-enterprise",)),
        (
            "Chicken Raising",
            "ចិញ្ចឹមមាន់",
            "A",
            ("cooperative", "self-help-group", "savings-group"),
        ),
        (
            "Livestock Raising",
            "ចិញ្ចឹមសត្វ",
            "A",
            ("cooperative", "self-help-group", "savings-group"),
        ),
        (
            "Silk Weaving",
            "តម្បាញសូត្រ",
            "C",
            ("cooperative", "self-help-group", "social-enterprise", "other"),
        ),
        ("Krama Weaving", "តម្បាញក្រមា", "C", ("self-help-group", "social-enterprise", "other")),
        (
            "Handicrafts",
            "សិប្បកម្ម",
            "C",
            ("self-help-group", "social-enterprise", "association", "other"),
        ),
        (
            "Savings and Credit",
            "សន្សំប្រាក់ និងឥណទាន",
            "K",
            ("cooperative", "self-help-group", "association"),
        ),
        ("Rural Credit", "ឥណទានជនបទ", "K", ("microfinance-institution",)),
        (
            "Poverty Reduction",
            "កាត់បន្ថយភាពក្រីក្រ",
            "K",
            ("microfinance-institution", "foundation", "mutual-society", "savings-group"),
        ),
        (
            "Health Protection",
            "គាំពារសុខភាព",
            "Q",
            ("mutual-society", "association", "foundation"),
        ),
        (
            "Elderly Care",
            "ថែទាំមនុស្សចាស់",
            "Q",
            ("association", "mutual-society", "foundation", "self-help-group"),
        ),
        (
            "Disability Support",
            "គាំទ្រជនមានពិការភាព",
            "Q",
            ("self-help-group", "association", "foundation", "social-enterprise"),
        ),
        (
            "Waste Recycling",
            "កែច្នៃកាកសំណល់",
            "E",
            ("social-enterprise", "community-enterprise", "other"),
        ),
        ("Clean Water", "ទឹកស្អាត", "E", ("community-enterprise", "social-enterprise")),
        (
            "Vocational Training",
            "បណ្តុះបណ្តាលវិជ្ជាជីវៈ",
            "P",
            ("social-enterprise", "foundation", "association"),
        ),
        (
            "Fish Processing",
            "កែច្នៃត្រី",
            "C",
            ("self-help-group", "cooperative", "community-enterprise"),
        ),
        ("Mushroom Growing", "ដាំផ្សិត", "A", ("self-help-group", "savings-group", "cooperative")),
    ],
    "KG": [
        ("Agriculture", "айыл чарба", "A", ("cooperative", "association")),
        ("Dairy", "сүт", "A", ("cooperative", "self-help-group", "community-enterprise")),
        (
            "Livestock Farming",
            "мал чарба",
            "A",
            ("cooperative", "mutual-society", "self-help-group", "savings-group"),
        ),
        ("Beekeeping", "аарычылык", "A", ("cooperative", "association", "self-help-group")),
        ("Walnuts", "жаңгак", "A", ("cooperative", "association", "community-enterprise")),
        ("Apricots", "өрүк", "A", ("cooperative", "self-help-group")),
        ("Potato Growing", "картошка өстүрүү", "A", ("cooperative", "self-help-group")),
        ("Seed Production", "үрөнчүлүк", "A", ("cooperative", "association")),
        (
            "Vegetable Growing",
            "жашылча өстүрүү",
            "A",
            ("cooperative", "self-help-group", "savings-group", "other"),
        ),
        (
            "Sea Buckthorn",
            "чычырканак",
            "A",
            ("cooperative", "social-enterprise", "self-help-group"),
        ),
        (
            "Felt Making",
            "кийиз жасоо",
            "C",
            ("cooperative", "self-help-group", "social-enterprise", "other"),
        ),
        (
            "Handicrafts",
            "кол өнөрчүлүк",
            "C",
            ("cooperative", "association", "self-help-group", "social-enterprise", "other"),
        ),
        ("Kymyz Production", "кымыз өндүрүү", "C", ("cooperative", "self-help-group")),
        ("Meat Processing", "эт иштетүү", "C", ("cooperative", "social-enterprise")),
        (
            "Community-Based Tourism",
            "жамааттык туризм",
            "I",
            ("association", "community-enterprise", "cooperative", "social-enterprise"),
        ),
        ("Drinking Water", "ичүүчү суу", "E", ("community-enterprise", "association")),
        (
            "Pasture Management",
            "жайыттарды башкаруу",
            "A",
            ("community-enterprise", "association"),
        ),
        (
            "Waste Recycling",
            "калдыктарды кайра иштетүү",
            "E",
            ("social-enterprise", "community-enterprise", "other"),
        ),
        (
            "Elderly Care",
            "улгайгандарга кам көрүү",
            "Q",
            ("foundation", "mutual-society", "self-help-group", "social-enterprise"),
        ),
        (
            "Village Development",
            "айылды өнүктүрүү",
            "S",
            ("foundation", "community-enterprise", "association"),
        ),
        (
            "Youth Development",
            "жаштарды өнүктүрүү",
            "S",
            ("foundation", "association", "community-enterprise"),
        ),
        (
            "Women's Entrepreneurship Support",
            "аялдардын ишкердигин колдоо",
            "K",
            (
                "microfinance-institution",
                "savings-group",
                "self-help-group",
                "mutual-society",
                "foundation",
                "association",
            ),
        ),
        ("Rural Lending", "айылдык насыя", "K", ("microfinance-institution", "savings-group")),
        (
            "Vocational Training",
            "кесиптик окутуу",
            "P",
            ("social-enterprise", "foundation", "association"),
        ),
        (
            "Disability Support",
            "мүмкүнчүлүгү чектелген адамдарды колдоо",
            "Q",
            ("association", "foundation", "self-help-group", "social-enterprise"),
        ),
    ],
    "MN": [
        (
            "Livestock Herding",
            "мал аж ахуйн",
            "A",
            (
                "cooperative",
                "community-enterprise",
                "self-help-group",
                "savings-group",
                "association",
            ),
        ),
        ("Dairy", "сүүний", "A", ("cooperative", "self-help-group", "community-enterprise")),
        (
            "Dairy Products",
            "сүүн бүтээгдэхүүний",
            "C",
            ("cooperative", "social-enterprise", "self-help-group"),
        ),
        ("Cashmere", "ноолуурын", "A", ("cooperative", "association", "community-enterprise")),
        ("Camel Wool", "тэмээний ноосны", "A", ("cooperative", "association", "self-help-group")),
        ("Yak Down", "сарлагийн хөөврийн", "A", ("cooperative", "community-enterprise")),
        (
            "Felt Making",
            "эсгийн",
            "C",
            ("cooperative", "self-help-group", "social-enterprise", "other"),
        ),
        (
            "Vegetable Growing",
            "хүнсний ногооны",
            "A",
            ("cooperative", "self-help-group", "savings-group", "other"),
        ),
        (
            "Sea Buckthorn",
            "чацарганы",
            "A",
            ("cooperative", "self-help-group", "community-enterprise"),
        ),
        ("Meat Processing", "мах боловсруулах", "C", ("cooperative", "social-enterprise")),
        ("Savings and Credit", "хадгаламж зээлийн", "K", ("cooperative",)),
        ("Microcredit", "бичил зээлийн", "K", ("microfinance-institution", "savings-group")),
        (
            "Handicrafts",
            "гар урлалын",
            "C",
            ("cooperative", "self-help-group", "social-enterprise", "association", "other"),
        ),
        (
            "Eco-Tourism",
            "эко аялал жуулчлалын",
            "I",
            ("cooperative", "community-enterprise", "social-enterprise", "association"),
        ),
        (
            "Pasture Management",
            "бэлчээр ашиглалтын",
            "A",
            ("community-enterprise", "association", "self-help-group"),
        ),
        ("Hay and Fodder", "өвс тэжээлийн", "A", ("cooperative", "community-enterprise")),
        ("Livestock Insurance", "малын даатгалын", "K", ("mutual-society",)),
        (
            "Medicinal Plants",
            "эмийн ургамлын",
            "A",
            ("cooperative", "self-help-group", "social-enterprise"),
        ),
        ("Wheat Farming", "улаан буудайн", "A", ("cooperative",)),
        (
            "Bakery",
            "талх нарийн боовны",
            "C",
            ("cooperative", "social-enterprise", "self-help-group"),
        ),
        (
            "Waste Recycling",
            "хог хаягдал дахин боловсруулах",
            "E",
            ("social-enterprise", "other", "association"),
        ),
        (
            "Elderly Care",
            "ахмад настны асрамжийн",
            "Q",
            ("foundation", "mutual-society", "association", "social-enterprise"),
        ),
        (
            "Disability Support",
            "хөгжлийн бэрхшээлтэй иргэдийг дэмжих",
            "Q",
            ("association", "foundation", "social-enterprise"),
        ),
        (
            "Women's Development",
            "эмэгтэйчүүдийн хөгжлийн",
            "S",
            ("association", "foundation", "savings-group", "microfinance-institution"),
        ),
        (
            "Vocational Training",
            "мэргэжлийн сургалтын",
            "P",
            ("social-enterprise", "foundation", "association"),
        ),
    ],
    "TH": [
        (
            "Organic Rice",
            "ข้าวอินทรีย์",
            "A",
            (
                "community-enterprise",
                "cooperative",
                "self-help-group",
                "savings-group",
                "association",
            ),
        ),
        (
            "Jasmine Rice",
            "ข้าวหอมมะลิ",
            "A",
            ("community-enterprise", "cooperative", "savings-group"),
        ),
        ("Agriculture", "การเกษตร", "A", ("cooperative",)),
        (
            "Silk Weaving",
            "ทอผ้าไหม",
            "C",
            ("community-enterprise", "self-help-group", "cooperative", "other"),
        ),
        (
            "Indigo-Dyed Cotton",
            "ผ้าฝ้ายย้อมคราม",
            "C",
            ("community-enterprise", "self-help-group", "social-enterprise"),
        ),
        ("Dairy", "โคนม", "A", ("cooperative", "community-enterprise")),
        ("Rubber", "ยางพารา", "A", ("cooperative", "community-enterprise", "association")),
        (
            "Community-Based Tourism",
            "ท่องเที่ยวโดยชุมชน",
            "I",
            ("community-enterprise", "association", "social-enterprise", "other"),
        ),
        ("Homestay", "โฮมสเตย์", "I", ("community-enterprise", "self-help-group", "other")),
        (
            "Herbal Products",
            "ผลิตภัณฑ์สมุนไพร",
            "C",
            ("community-enterprise", "self-help-group", "social-enterprise"),
        ),
        ("Coffee", "กาแฟ", "A", ("community-enterprise", "cooperative", "social-enterprise")),
        (
            "Pesticide-Free Vegetables",
            "ผักปลอดสารพิษ",
            "A",
            ("community-enterprise", "self-help-group", "savings-group", "other"),
        ),
        (
            "Artisanal Fisheries",
            "ประมงพื้นบ้าน",
            "A",
            ("association", "community-enterprise", "cooperative"),
        ),
        ("Savings and Credit", "ออมทรัพย์", "K", ("cooperative", "microfinance-institution")),
        (
            "Bamboo Basketry",
            "จักสานไม้ไผ่",
            "C",
            ("community-enterprise", "self-help-group", "other"),
        ),
        (
            "Food Processing",
            "แปรรูปอาหาร",
            "C",
            ("community-enterprise", "self-help-group", "savings-group"),
        ),
        (
            "Waste Recycling",
            "ธนาคารขยะ",
            "E",
            ("community-enterprise", "social-enterprise", "other"),
        ),
        (
            "Elderly Care",
            "ดูแลผู้สูงอายุ",
            "Q",
            ("mutual-society", "foundation", "association", "social-enterprise"),
        ),
        ("Child Development", "พัฒนาเด็ก", "P", ("foundation", "association")),
        (
            "Organic Farming",
            "เกษตรอินทรีย์",
            "A",
            ("community-enterprise", "association", "savings-group", "other"),
        ),
        ("Rice Milling", "โรงสีข้าว", "C", ("community-enterprise", "cooperative")),
        (
            "Traditional Massage",
            "นวดแผนไทย",
            "S",
            ("self-help-group", "community-enterprise", "social-enterprise"),
        ),
        (
            "Native Chicken",
            "ไก่พื้นเมือง",
            "A",
            ("community-enterprise", "self-help-group", "savings-group"),
        ),
        ("Daily Savings", "สัจจะวันละบาท", "K", ("mutual-society",)),
        ("Village Lending", "กองทุนหมู่บ้าน", "K", ("microfinance-institution",)),
    ],
    "VN": [
        (
            "Agricultural Services",
            "dịch vụ nông nghiệp",
            "A",
            ("cooperative", "community-enterprise"),
        ),
        (
            "Organic Rice",
            "sản xuất lúa hữu cơ",
            "A",
            ("cooperative", "community-enterprise", "self-help-group"),
        ),
        (
            "Safe Vegetables",
            "rau an toàn",
            "A",
            ("cooperative", "community-enterprise", "self-help-group", "other"),
        ),
        ("Coffee", "cà phê", "A", ("cooperative", "community-enterprise", "association")),
        ("Tea", "chè", "A", ("cooperative", "community-enterprise")),
        ("Pepper", "hồ tiêu", "A", ("cooperative", "community-enterprise")),
        ("Dragon Fruit", "thanh long", "A", ("cooperative", "community-enterprise")),
        (
            "Aquaculture",
            "nuôi trồng thủy sản",
            "A",
            ("cooperative", "community-enterprise", "association"),
        ),
        ("Fisheries", "nghề cá", "A", ("association", "community-enterprise", "cooperative")),
        (
            "Silk Weaving",
            "dệt lụa",
            "C",
            ("cooperative", "community-enterprise", "self-help-group"),
        ),
        (
            "Brocade Weaving",
            "dệt thổ cẩm",
            "C",
            ("cooperative", "community-enterprise", "self-help-group", "social-enterprise"),
        ),
        (
            "Rattan and Bamboo Crafts",
            "mây tre đan",
            "C",
            ("cooperative", "community-enterprise", "social-enterprise"),
        ),
        (
            "Community Tourism",
            "du lịch cộng đồng",
            "I",
            ("cooperative", "community-enterprise", "association", "social-enterprise"),
        ),
        (
            "Livestock Raising",
            "chăn nuôi",
            "A",
            ("cooperative", "community-enterprise", "association", "savings-group"),
        ),
        ("Beekeeping", "nuôi ong", "A", ("cooperative", "community-enterprise", "association")),
        (
            "Environmental Sanitation",
            "vệ sinh môi trường",
            "E",
            ("cooperative", "social-enterprise", "other"),
        ),
        ("Clean Water", "nước sạch", "E", ("cooperative", "community-enterprise")),
        ("Transport", "vận tải", "H", ("cooperative",)),
        ("Fish Sauce", "nước mắm", "C", ("cooperative", "community-enterprise")),
        (
            "Medicinal Herbs",
            "dược liệu",
            "A",
            ("cooperative", "community-enterprise", "social-enterprise"),
        ),
        (
            "Elderly Care",
            "chăm sóc người cao tuổi",
            "Q",
            ("foundation", "mutual-society", "social-enterprise", "self-help-group"),
        ),
        (
            "Disability Support",
            "hỗ trợ người khuyết tật",
            "Q",
            (
                "association",
                "foundation",
                "social-enterprise",
                "self-help-group",
                "mutual-society",
            ),
        ),
        ("Vocational Training", "dạy nghề", "P", ("social-enterprise", "foundation")),
        (
            "Poverty Reduction",
            "giảm nghèo",
            "K",
            (
                "savings-group",
                "mutual-society",
                "foundation",
                "microfinance-institution",
                "self-help-group",
            ),
        ),
        (
            "Women's Economic Development",
            "hỗ trợ phụ nữ phát triển kinh tế",
            "K",
            (
                "microfinance-institution",
                "savings-group",
                "foundation",
                "self-help-group",
                "association",
            ),
        ),
    ],
}

# country -> (romanised, local script) village, commune, soum or ayil names.
LOCALITIES: dict[str, list[tuple[str, str]]] = {
    "KH": [
        ("Trapeang Veng", "ត្រពាំងវែង"),
        ("Chi Phat", "ជីផាត"),
        ("Chambok", "ចំបក់"),
        ("Kampong Phluk", "កំពង់ភ្លុក"),
        ("Kampong Khleang", "កំពង់ឃ្លាំង"),
        ("Preah Dak", "ព្រះដាក់"),
        ("Banteay Chhmar", "បន្ទាយឆ្មារ"),
        ("Kbal Spean", "ក្បាលស្ពាន"),
        ("Sambour", "សំបូរ"),
        ("Kampong Tralach", "កំពង់ត្រឡាច"),
        ("Svay Chrum", "ស្វាយជ្រំ"),
        ("Tram Kak", "ត្រាំកក់"),
        ("Trapeang Thma", "ត្រពាំងថ្ម"),
        ("Prek Toal", "ព្រែកទាល់"),
        ("Koh Dach", "កោះដាច់"),
        ("Andoung Russei", "អណ្តូងឫស្សី"),
        ("Chrey", "ជ្រៃ"),
        ("Kouk Trach", "គោកត្រាច"),
        ("Samraong", "សំរោង"),
        ("Prasat", "ប្រាសាទ"),
        ("Tuol Pongro", "ទួលពង្រ"),
        ("Prey Kabbas", "ព្រៃកប្បាស"),
        ("Chheu Teal", "ឈើទាល"),
        ("Krasang", "ក្រសាំង"),
        ("Snuol", "ស្នួល"),
        ("Kbal Damrei", "ក្បាលដំរី"),
        ("Kampong Trach", "កំពង់ត្រាច"),
        ("Phsar Daek", "ផ្សារដែក"),
        ("Ou Chrov", "អូរជ្រៅ"),
        ("Sre Ambel", "ស្រែអំបិល"),
        ("Veal Renh", "វាលរេញ"),
        ("Romeas", "រមាស"),
        ("Chong Kneas", "ចុងឃ្នៀស"),
        ("Prek Chrey", "ព្រែកជ្រៃ"),
        ("Beng Mealea", "បឹងមាលា"),
        ("Kampong Svay", "កំពង់ស្វាយ"),
    ],
    "KG": [
        ("Ak-Suu", "Ак-Суу"),
        ("Kara-Suu", "Кара-Суу"),
        ("Kyzyl-Suu", "Кызыл-Суу"),
        ("Kochkor", "Кочкор"),
        ("Kyzyl-Tuu", "Кызыл-Туу"),
        ("Barskoon", "Барскоон"),
        ("Tamga", "Тамга"),
        ("Tamchy", "Тамчы"),
        ("Bokonbaev", "Бөкөнбаев"),
        ("Ananyevo", "Ананьево"),
        ("Tyup", "Түп"),
        ("Arslanbob", "Арстанбап"),
        ("Kazarman", "Казарман"),
        ("Sary-Mogol", "Сары-Могол"),
        ("Gulcha", "Гүлчө"),
        ("Kara-Kulja", "Кара-Кулжа"),
        ("Toktogul", "Токтогул"),
        ("Chaek", "Чаек"),
        ("Baetov", "Баетов"),
        ("At-Bashy", "Ат-Башы"),
        ("Kok-Jar", "Көк-Жар"),
        ("Sokuluk", "Сокулук"),
        ("Kemin", "Кемин"),
        ("Ala-Buka", "Ала-Бука"),
        ("Kerben", "Кербен"),
        ("Jyrgalan", "Жыргалаң"),
        ("Saruu", "Саруу"),
        ("Jeti-Oguz", "Жети-Өгүз"),
        ("Kara-Oy", "Кара-Ой"),
        ("Bash-Kaiyngdy", "Баш-Кайыңды"),
        ("Min-Kush", "Миң-Куш"),
        ("Nookat", "Ноокат"),
        ("Aravan", "Араван"),
        ("Kara-Bulak", "Кара-Булак"),
        ("Uch-Korgon", "Үч-Коргон"),
        ("Suusamyr", "Суусамыр"),
        ("Chong-Kemin", "Чоң-Кемин"),
        ("Ak-Talaa", "Ак-Талаа"),
    ],
    "MN": [
        ("Erdenesant", "Эрдэнэсант"),
        ("Bayan-Undur", "Баян-Өндөр"),
        ("Bulgan", "Булган"),
        ("Tsetserleg", "Цэцэрлэг"),
        ("Khashaat", "Хашаат"),
        ("Ugtaaltsaidam", "Угтаалцайдам"),
        ("Batsumber", "Батсүмбэр"),
        ("Jargalant", "Жаргалант"),
        ("Altanbulag", "Алтанбулаг"),
        ("Delgerkhaan", "Дэлгэрхаан"),
        ("Khujirt", "Хужирт"),
        ("Kharkhorin", "Хархорин"),
        ("Bayanchandmani", "Баянчандмань"),
        ("Murun", "Мөрөн"),
        ("Tariat", "Тариат"),
        ("Tsagaannuur", "Цагааннуур"),
        ("Dashbalbar", "Дашбалбар"),
        ("Bayandun", "Баяндун"),
        ("Dadal", "Дадал"),
        ("Binder", "Биндэр"),
        ("Ulziit", "Өлзийт"),
        ("Sainshand", "Сайншанд"),
        ("Dalanzadgad", "Даланзадгад"),
        ("Bayan-Ovoo", "Баян-Овоо"),
        ("Khanbogd", "Ханбогд"),
        ("Gurvantes", "Гурвантэс"),
        ("Manlai", "Манлай"),
        ("Erdenetsagaan", "Эрдэнэцагаан"),
        ("Darkhan", "Дархан"),
        ("Orkhon", "Орхон"),
        ("Bayanjargalan", "Баянжаргалан"),
        ("Zuunmod", "Зуунмод"),
        ("Tosontsengel", "Тосонцэнгэл"),
        ("Ikh-Uul", "Их-Уул"),
        ("Khankh", "Ханх"),
        ("Tsenkher", "Цэнхэр"),
        ("Munkhkhaan", "Мөнххаан"),
        ("Bayan-Agt", "Баян-Агт"),
    ],
    "TH": [
        ("Ban Nong Bua", "บ้านหนองบัว"),
        ("Ban Non Sung", "บ้านโนนสูง"),
        ("Ban Don Daeng", "บ้านดอนแดง"),
        ("Ban Nong Saeng", "บ้านหนองแสง"),
        ("Ban Huai Sai", "บ้านห้วยทราย"),
        ("Ban Pa Sak", "บ้านป่าสัก"),
        ("Ban Mae Tha", "บ้านแม่ทา"),
        ("Ban Mae Kampong", "บ้านแม่กำปอง"),
        ("Ban Na Ton Chan", "บ้านนาต้นจั่น"),
        ("Ban Khok Sa-at", "บ้านโคกสะอาด"),
        ("Ban Khok Klang", "บ้านโคกกลาง"),
        ("Ban Nong Pla Lai", "บ้านหนองปลาไหล"),
        ("Ban Sam Ruean", "บ้านสามเรือน"),
        ("Ban Tha Sai", "บ้านท่าทราย"),
        ("Ban Bang Phra", "บ้านบางพระ"),
        ("Ban Khlong Khon", "บ้านคลองโคน"),
        ("Ban Laem Sak", "บ้านแหลมสัก"),
        ("Ban Tha Khao", "บ้านท่าเขา"),
        ("Ban Phon Sawan", "บ้านโพนสวรรค์"),
        ("Ban Dong Yen", "บ้านดงเย็น"),
        ("Ban Nong Hin", "บ้านหนองหิน"),
        ("Ban Wang Nam Khiao", "บ้านวังน้ำเขียว"),
        ("Ban Thung Luang", "บ้านทุ่งหลวง"),
        ("Ban Pong Nam Ron", "บ้านโป่งน้ำร้อน"),
        ("Ban Si Than", "บ้านศรีฐาน"),
        ("Ban Na Kham", "บ้านนาคำ"),
        ("Ban Nong Waeng", "บ้านหนองแวง"),
        ("Ban Kut Chik", "บ้านกุดจิก"),
        ("Ban Sang Kho", "บ้านสร้างค้อ"),
        ("Ban Hua Na", "บ้านหัวนา"),
        ("Ban Lao Yai", "บ้านเหล่าใหญ่"),
        ("Ban Tha Ruea", "บ้านท่าเรือ"),
        ("Ban Bo Kluea", "บ้านบ่อเกลือ"),
        ("Ban Pa Miang", "บ้านป่าเหมี้ยง"),
        ("Ban Khiri Wong", "บ้านคีรีวง"),
        ("Ban Nong Khao", "บ้านหนองขาว"),
    ],
    "VN": [
        ("Tan Phu", "Tân Phú"),
        ("Dong Hoa", "Đông Hòa"),
        ("Duc Hoa", "Đức Hòa"),
        ("Dai Loc", "Đại Lộc"),
        ("Dien Ban", "Điện Bàn"),
        ("Dong Thanh", "Đông Thạnh"),
        ("Duc Linh", "Đức Linh"),
        ("Dinh Lap", "Đình Lập"),
        ("Dong Xuan", "Đồng Xuân"),
        ("Don Duong", "Đơn Dương"),
        ("Dak Mil", "Đắk Mil"),
        ("An Phu", "An Phú"),
        ("Binh Minh", "Bình Minh"),
        ("Hoa An", "Hòa An"),
        ("Phu Thuong", "Phú Thượng"),
        ("Tan Cuong", "Tân Cương"),
        ("Van Phuc", "Vạn Phúc"),
        ("Bat Trang", "Bát Tràng"),
        ("Ta Van", "Tả Van"),
        ("Mai Chau", "Mai Châu"),
        ("Ea Tu", "Ea Tu"),
        ("Krong Nang", "Krông Năng"),
        ("Long Hoa", "Long Hòa"),
        ("My Hoa", "Mỹ Hòa"),
        ("Thanh Loc", "Thạnh Lộc"),
        ("Vinh Hung", "Vĩnh Hưng"),
        ("Quang Phu", "Quảng Phú"),
        ("Nghia Hung", "Nghĩa Hưng"),
        ("Hai Hau", "Hải Hậu"),
        ("Cam Thanh", "Cẩm Thanh"),
        ("Tra Que", "Trà Quế"),
        ("Thuy Bieu", "Thủy Biều"),
        ("Lac Duong", "Lạc Dương"),
        ("Cai Be", "Cái Bè"),
        ("Phong Dien", "Phong Điền"),
        ("Tam Nong", "Tam Nông"),
    ],
}

# country -> (English pattern, local pattern), natural word order for each language.
NAME_PATTERNS: dict[str, tuple[str, str]] = {
    "KH": ("{locality} {activity} {type}", "{type}{activity} {locality}"),
    "KG": ("{locality} {activity} {type}", "{locality} {activity} {type}"),
    "MN": ("{locality} {activity} {type}", "{locality} сумын {activity} {type}"),
    "TH": ("{locality} {activity} {type}", "{type}{activity}{locality}"),
    "VN": ("{locality} {activity} {type}", "{type} {activity} {locality}"),
}

# English description templates. {type_lower} never follows "a"/"an", so the article
# is right for every type word.
DESCRIPTIONS: list[str] = [
    "This {type_lower} in {locality} brings together {members} members working in "
    "{activity_lower}.",
    "Founded by local households in {locality}, the {type_lower} now has {members} members "
    "and pools their resources for {activity_lower}.",
    "Community-owned {type_lower} in {locality} focused on {activity_lower}; its {members} "
    "members elect a management committee every two years.",
    "Based in {locality}, the {type_lower} counts {members} members active in "
    "{activity_lower} and reinvests most of its surplus locally.",
    "{members} members run this {type_lower} in {locality}, which works in "
    "{activity_lower} and trains new members each season.",
    "A member-owned {type_lower} in {locality} with {members} members, about half of them "
    "women, working in {activity_lower}.",
    "The {type_lower} supports {members} members in {locality} in {activity_lower} through "
    "training, shared services and joint marketing.",
    "Set up with support from the local authorities, this {type_lower} in {locality} has "
    "{members} members and works in {activity_lower}.",
    "A small {type_lower} in {locality} where {members} members cooperate in "
    "{activity_lower} and decide major matters at an annual general meeting.",
    "This {type_lower} groups {members} members from {locality} and nearby villages around "
    "{activity_lower}; each member has one vote.",
    "Operating in {locality} and neighbouring villages, the {type_lower} serves {members} "
    "members in {activity_lower} and sets aside part of its surplus for a community fund.",
    "Created by residents of {locality}, the {type_lower} has grown to {members} members "
    "and concentrates on {activity_lower}.",
    "The {type_lower} in {locality} links {members} members in {activity_lower} with local "
    "buyers, schools and the commune administration.",
]

# country -> plausible contact-person names (romanised; Vietnamese keeps its diacritics).
CONTACT_NAMES: dict[str, list[str]] = {
    "KH": [
        "Sok Sophea",
        "Chea Sophal",
        "Heng Sokha",
        "Kim Sreymom",
        "Vann Dara",
        "Keo Bopha",
        "Meas Sambath",
        "Ly Chanthou",
        "Pich Sovann",
        "Phan Sreyleak",
        "Nhem Kosal",
        "Oum Rathana",
        "Seng Vanna",
        "Prak Sothea",
        "Mao Sopheap",
    ],
    "KG": [
        "Aibek Toktogulov",
        "Nurgul Asanova",
        "Bakyt Mamatov",
        "Cholpon Sydykova",
        "Azamat Osmonov",
        "Gulnara Abdyldaeva",
        "Tilek Jumabaev",
        "Ainura Sultanbekova",
        "Ulan Sarybaev",
        "Jyldyz Kasymova",
        "Kanybek Isakov",
        "Aigerim Bekmuratova",
        "Talant Usenov",
        "Nazgul Toktosunova",
        "Erkin Alymkulov",
    ],
    "MN": [
        "Oyuntsetseg Batbold",
        "Enkhbayar Tserendorj",
        "Bolormaa Ganbaatar",
        "Tumurbaatar Davaa",
        "Sarangerel Purevdorj",
        "Ganzorig Lkhagvasuren",
        "Altantsetseg Bat-Erdene",
        "Munkhbat Sukhbaatar",
        "Naranchimeg Otgonbayar",
        "Erdenebileg Chuluun",
        "Tsetsegmaa Nyamdorj",
        "Baasanjav Gombo",
        "Delgermaa Dashdondog",
        "Khishigbayar Myagmar",
        "Uyanga Tumenjargal",
    ],
    "TH": [
        "Somchai Jaidee",
        "Suda Srisuk",
        "Prasert Wongsakul",
        "Malee Kaewmanee",
        "Wichai Boonmee",
        "Kanya Thongdee",
        "Sompong Phromma",
        "Nittaya Saengthong",
        "Anan Chaiyasit",
        "Ratana Inthong",
        "Boonchu Sirimongkol",
        "Pranee Suwannarat",
        "Thawatchai Kongkaew",
        "Jintana Sombat",
        "Chalerm Rattanaphon",
    ],
    "VN": [
        "Nguyễn Thị Hoa",
        "Trần Văn Minh",
        "Lê Thị Lan",
        "Phạm Văn Đức",
        "Hoàng Thị Mai",
        "Vũ Văn Hùng",
        "Đặng Thị Thu",
        "Bùi Văn Nam",
        "Đỗ Thị Hương",
        "Ngô Văn Tuấn",
        "Dương Thị Hạnh",
        "Lý Văn Bình",
        "Hồ Thị Ngọc",
        "Phan Văn Long",
        "Lò Thị Xuân",
    ],
}

# score (0-3) -> evidence notes a researcher might write, generic across the features.
EVIDENCE: dict[int, list[str]] = {
    0: [
        "No evidence of this was found in the documents provided or in interviews.",
        "The manager confirmed that this is not practised.",
        "The statutes reviewed contain no such provision, and members interviewed knew of "
        "no such practice.",
        "Decisions on this rest with the founder alone; members are not involved.",
        "Members interviewed said the question had never been discussed.",
    ],
    1: [
        "Mentioned by the chairperson in interview only; no supporting document was seen.",
        "The bylaws are silent on this; members described an informal practice that is "
        "applied irregularly.",
        "Planned in the development plan, but not yet put into practice.",
        "Applied once, in 2022, with no sign that it has continued since.",
        "A 2021 NGO project report suggests this, but it could not be confirmed with the entity.",
    ],
    2: [
        "The statutes provide for this, but records were available for only one of the last "
        "three years.",
        "Members interviewed confirmed the practice, though it is not written into the bylaws.",
        "Partly in place: applied to the main activity but not yet to newer services, "
        "according to the manager.",
        "Stated in the 2023 annual report; not independently verified during the visit.",
        "The board confirmed the practice; some members interviewed were unaware of it.",
    ],
    3: [
        "Bylaws adopted at the 2019 general assembly set this out; minutes of the last three "
        "assemblies confirm it in practice.",
        "Set out in the registered statutes and observed during the field visit; members "
        "interviewed described it consistently.",
        "Written policy in the bylaws, applied every year according to the annual reports "
        "and audited accounts since 2020.",
        "The chair and three ordinary members confirmed the practice independently; "
        "supporting documents were reviewed on site.",
        "Provided for in the statutes and confirmed by the commune office, which keeps "
        "copies of the yearly reports.",
    ],
}
