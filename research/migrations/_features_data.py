"""Texts of the seven SSE features, loaded by a data migration.

Derived from the ILO International Labour Conference resolution of June 2022 on decent
work and the social and solidarity economy, taken up by UN General Assembly resolution
of 18 April 2023. Scores: 0 absent, 1 emerging, 2 substantial, 3 full.
"""

FEATURES = (
    {
        "code": "economic_activity",
        "position": 1,
        "name": "Economic activity for social and environmental ends",
        "definition": (
            "The entity carries out an economic activity: it produces goods, trades, provides "
            "services or finances on a continuing basis, not only through one-off events. It does "
            "so mainly to meet social or environmental needs of its members or community, such as "
            "income, food security, affordable credit, care, or the protection of land, water and "
            "forests. Charity or advocacy with no economic activity does not meet this feature, "
            "and neither does a business whose social aim is only a label."
        ),
        "guidance_absent": (
            "There is no regular production, trade, service or finance: for example, the group "
            "exists only on paper, only holds meetings or only passes on donor goods. Or the "
            "activity is run purely for profit, and neither its documents nor its members "
            "describe any social or environmental purpose."
        ),
        "guidance_emerging": (
            "Some economic activity takes place, but it is occasional, seasonal or very small, "
            "such as a savings group that lends irregularly or a women's group that sells "
            "handicrafts only at fairs. Members describe a social or environmental aim in "
            "interviews, but it is not written down or tracked."
        ),
        "guidance_substantial": (
            "The entity runs a regular activity with records such as sales books, loan ledgers or "
            "service logs, and members can explain whom it serves and why. The social or "
            "environmental aim appears in its statutes or plans, but results are seldom measured "
            "and some activities drift towards income generation alone."
        ),
        "guidance_full": (
            "The activity is continuous and documented in accounts, and the social or "
            "environmental purpose is written into the bylaws, registration papers or business "
            "plan. The entity reports what it achieves for people or the environment, such as "
            "members served, jobs created, fair prices paid or land farmed organically, and "
            "members confirm this in interviews."
        ),
        "adoption_guidance": (
            "Start from a need that members share, such as access to inputs, markets, credit or "
            "clean water, and organise one regular activity around it instead of waiting for "
            "projects. Keep simple records of sales, loans or services from the first day. Write "
            "the social or environmental purpose into the statutes or a short mission statement, "
            "and agree on two or three simple indicators to check each year that the activity "
            "serves that purpose."
        ),
        "name_th": "กิจกรรมทางเศรษฐกิจเพื่อเป้าหมายทางสังคมและสิ่งแวดล้อม",
        "name_vi": "Hoạt động kinh tế vì mục tiêu xã hội và môi trường",
    },
    {
        "code": "collective_interest",
        "position": 2,
        "name": "Collective and/or general interest",
        "definition": (
            "The entity serves the shared interest of its members, the general interest of the "
            "wider community, or both. Its benefits, such as services, income, savings or public "
            "goods, reach members broadly and fairly instead of being captured by a few founders, "
            "officials or owners. A cooperative that serves all its members and a community "
            "enterprise that serves a whole village both meet this feature."
        ),
        "guidance_absent": (
            "Benefits go mainly to one family, a leader, a local official or a private owner, and "
            "other members receive little or nothing; the group may be a front for a private "
            "business seeking grants, tax relief or land. Ordinary members interviewed cannot say "
            "what the entity does for them."
        ),
        "guidance_emerging": (
            "Members gain some benefits, but access is uneven: for example, loans, orders or paid "
            "jobs go mostly to committee members and their relatives. The common purpose is "
            "stated orally, but there are no rules on how services or benefits are shared."
        ),
        "guidance_substantial": (
            "Most members use the services and receive benefits on clear terms, and loan "
            "registers or sales records show a wide spread of users. Some benefits also reach "
            "non-members or the community, such as contributions to a village fund, but some "
            "favouritism or unclear allocation remains."
        ),
        "guidance_full": (
            "The bylaws state the collective or general interest as the purpose, and written "
            "rules give all members fair access to services and benefits. Registers, accounts and "
            "minutes show benefits spread widely, and the entity also invests in the community, "
            "for example through a social fund, training or local infrastructure, with decisions "
            "recorded."
        ),
        "adoption_guidance": (
            "Write down whom the entity serves and what each member can expect from it, and make "
            "the rules for access to loans, orders, jobs or other benefits public and equal for "
            "all. Keep a register of who uses the services and review it at the general meeting "
            "to detect capture by a few people. Consider setting aside a fixed share of the "
            "surplus for a social or community fund whose use members decide."
        ),
        "name_th": "ผลประโยชน์ร่วมและ/หรือประโยชน์ส่วนรวม",
        "name_vi": "Lợi ích tập thể và/hoặc lợi ích chung",
    },
    {
        "code": "voluntary_cooperation",
        "position": 3,
        "name": "Voluntary cooperation",
        "definition": (
            "People join, take part in and leave the entity of their own free will. Membership is "
            "open to all who can use its services and accept the responsibilities of membership, "
            "without discrimination by sex, ethnicity, religion or political opinion. No one is "
            "made to join by authorities, employers or lenders, and members can withdraw on fair "
            "terms."
        ),
        "guidance_absent": (
            "Membership is imposed: for example, local authorities enrol a whole village to meet "
            "a target, farmers must join to receive subsidies, land or contracts, or members "
            "cannot leave without losing their land or deposits. Or membership is closed to "
            "outsiders by arbitrary or discriminatory rules."
        ),
        "guidance_emerging": (
            "Most members joined by choice, but some were listed by officials or project staff, "
            "and the register includes people who do not know they are members. Rules on joining "
            "and leaving are unwritten or unclear, and members who leave may wait a long time to "
            "get their shares back."
        ),
        "guidance_substantial": (
            "Members join by signed application, and the register matches the people who actually "
            "take part. Written rules on admission, withdrawal and the return of shares exist and "
            "are usually applied, but some pressure to join remains, for example through a "
            "government programme, or some groups are in practice left out."
        ),
        "guidance_full": (
            "The bylaws provide for open, non-discriminatory admission and a clear procedure for "
            "withdrawal and the return of shares or savings, and these are followed in practice. "
            "The member register is up to date, with dated applications and exits, and members "
            "interviewed say they joined freely and know how to leave."
        ),
        "adoption_guidance": (
            "Check the member register against the people who actually take part, and remove or "
            "re-confirm names that were added without consent. Adopt written rules for admission, "
            "withdrawal and the return of shares or savings, with time limits, and apply them "
            "equally to everyone. Explain to people what membership involves before they sign, "
            "and do not make access to public support depend on joining."
        ),
        "name_th": "ความร่วมมือโดยสมัครใจ",
        "name_vi": "Hợp tác tự nguyện",
    },
    {
        "code": "mutual_aid",
        "position": 4,
        "name": "Mutual aid",
        "definition": (
            "Members support one another and share risks, resources and knowledge instead of "
            "acting alone. Mutual aid may take the form of pooled savings and credit, labour "
            "exchange, joint buying or selling, shared equipment, funds that help members in case "
            "of illness, death or crop loss, or training among peers. It rests on reciprocity: "
            "members both give and receive."
        ),
        "guidance_absent": (
            "Members deal with the entity only as individual clients or suppliers, and they pool "
            "no savings, labour, risk or knowledge. Any support comes only from outside, such as "
            "a donor or government agency, and stops when that support ends."
        ),
        "guidance_emerging": (
            "Members help one another informally, for example with labour at harvest time or "
            "small emergency loans, but this depends on personal ties and is not organised by the "
            "entity. There is no fund or rule for it, and only some members take part."
        ),
        "guidance_substantial": (
            "The entity organises regular mutual support, such as a savings and loan scheme, a "
            "labour rotation, shared equipment or a solidarity fund, with records of "
            "contributions and use. Most members take part, but some rules are unwritten or the "
            "fund is too small to meet real needs."
        ),
        "guidance_full": (
            "Mutual aid is written into the bylaws or internal rules, for example as a social or "
            "emergency fund, a rotating savings scheme, joint liability or peer training, with "
            "clear contributions and benefits. Ledgers and minutes show regular use by many "
            "members over time, and members describe specific cases in which the group helped "
            "them."
        ),
        "adoption_guidance": (
            "Start with one simple form of mutual support that members ask for, such as a small "
            "emergency fund, regular savings or a labour-exchange calendar. Set the contributions "
            "and the conditions for help in writing, keep a ledger, and report on it at each "
            "meeting. As trust grows, extend the scheme, for example to joint purchasing, shared "
            "equipment or peer training."
        ),
        "name_th": "การช่วยเหลือซึ่งกันและกัน",
        "name_vi": "Tương trợ lẫn nhau",
    },
    {
        "code": "democratic_governance",
        "position": 5,
        "name": "Democratic and/or participatory governance",
        "definition": (
            "Members, workers or other stakeholders control the entity's decisions through "
            "democratic or participatory means. Typical signs are a general assembly with real "
            "powers, one member one vote or other fair voting rules, elected and accountable "
            "boards, and regular information to members. Participation must be real, not merely "
            "formal."
        ),
        "guidance_absent": (
            "Decisions are made by a founder, a manager, a local official or a donor, and members "
            "have no vote and are not consulted. No general meetings are held, or the board is "
            "appointed from outside, for example by a local authority or a parent organisation."
        ),
        "guidance_emerging": (
            "Meetings take place, but they are irregular or mainly inform members of decisions "
            "already made, and leaders have held office for many years without election. Minutes "
            "are missing or incomplete, and few members, especially women or poorer members, "
            "speak or vote."
        ),
        "guidance_substantial": (
            "A general assembly meets at least once a year, elects the board and approves the "
            "accounts, and minutes record attendance and decisions. Voting follows one member one "
            "vote or a similar rule, but attendance may be low, elections uncontested, or some "
            "decisions taken between meetings without members."
        ),
        "guidance_full": (
            "The bylaws make the general assembly the highest authority, provide for one member "
            "one vote or other fair rules, set terms of office for elected officers and create an "
            "audit or supervisory committee. Minutes, ballots and attendance lists show regular, "
            "well-attended meetings and contested or rotating offices, and members can explain "
            "how decisions are made and how to challenge them."
        ),
        "adoption_guidance": (
            "Hold a general meeting of all members at least once a year, with notice given in "
            "advance, and keep minutes with an attendance list. Adopt bylaws that give each "
            "member one vote, set fixed terms for board members and create a small supervisory or "
            "audit committee. Share accounts and plans with members before meetings, and take "
            "steps to bring women, young people and distant members into discussions."
        ),
        "name_th": "การบริหารจัดการแบบประชาธิปไตยและ/หรือแบบมีส่วนร่วม",
        "name_vi": "Quản trị dân chủ và/hoặc có sự tham gia",
    },
    {
        "code": "autonomy",
        "position": 6,
        "name": "Autonomy and independence",
        "definition": (
            "The entity governs itself and makes its own decisions, free from control by "
            "government, donors, buyers, lenders or a parent company. It may work with such "
            "bodies, receive funds from them or be registered by them, but on terms that leave "
            "members in control of its plans, leaders and assets. Autonomy also means that the "
            "entity does not depend on a single outside source to survive."
        ),
        "guidance_absent": (
            "An outside body controls the entity: officials appoint its leaders or approve its "
            "decisions, a donor or NGO sets its activities and keeps its accounts, or a company "
            "decides its prices and production. The entity would stop working if that body "
            "withdrew."
        ),
        "guidance_emerging": (
            "Members take some decisions, but key ones, such as the choice of leaders, the use of "
            "funds or the main activities, need approval from authorities, a project or a buyer. "
            "Most income comes from one grant or contract, and minutes show outside staff leading "
            "the meetings."
        ),
        "guidance_substantial": (
            "Members elect their own leaders and set their own plans, and outside partners advise "
            "rather than decide. The entity earns its own income from fees, sales or interest, "
            "but still depends heavily on one programme, buyer or subsidy for some activities."
        ),
        "guidance_full": (
            "The bylaws and agreements with partners confirm that members hold final authority, "
            "and no outside body has a seat or a veto on the board. Accounts show several sources "
            "of income, including a large share of its own, and the entity has kept operating "
            "after a project or subsidy ended."
        ),
        "adoption_guidance": (
            "Review the bylaws and any agreements with authorities, donors or buyers, and seek to "
            "remove clauses that let them appoint leaders or veto decisions. Build the entity's "
            "own income from member fees, savings, sales or services, and avoid depending on a "
            "single source of funds. Agree in writing with each partner what support it gives and "
            "that members keep control of plans, leaders and assets."
        ),
        "name_th": "การปกครองตนเองและความเป็นอิสระ",
        "name_vi": "Tự chủ và độc lập",
    },
    {
        "code": "people_over_capital",
        "position": 7,
        "name": "Primacy of people and social purpose over capital",
        "definition": (
            "People and the social purpose come before the return on capital. Surpluses, profits "
            "and assets serve members and the social purpose, for example through reserves, "
            "reinvestment, member services, refunds in proportion to use or community funds, and "
            "are not paid out to investors according to the capital they hold. Any interest on "
            "capital is limited, and assets are not taken privately when the entity is dissolved."
        ),
        "guidance_absent": (
            "Profits are paid to a few owners or investors in proportion to their capital, votes "
            "depend on shares held, or leaders use the entity's assets as their own. There is no "
            "reserve fund, and members cannot say how the surplus is used."
        ),
        "guidance_emerging": (
            "Part of the surplus is kept for the group or shared among members, but there are no "
            "written rules, and large shareholders or leaders take a disproportionate share. "
            "Accounts are incomplete, so the use of the surplus is hard to verify."
        ),
        "guidance_substantial": (
            "There are rules on allocating the surplus, such as a reserve, a social fund and "
            "refunds to members in proportion to their use, and accounts show that they are "
            "mostly followed. Some gaps remain, for example high returns on capital shares or "
            "unclear ownership of assets bought with grants."
        ),
        "guidance_full": (
            "The bylaws fix how the surplus is allocated, require indivisible reserves or a "
            "social fund, cap any return on capital and send remaining assets on dissolution to "
            "another SSE entity or a public purpose. Audited or member-approved accounts show "
            "these rules applied year after year, and the general assembly decides on the use of "
            "the surplus."
        ),
        "adoption_guidance": (
            "Adopt a written rule on the use of the surplus that sets aside fixed shares for a "
            "reserve, for member services or refunds and for a social or community fund before "
            "any return on capital. Cap the interest paid on member shares and keep voting rights "
            "independent of the capital held. Add a clause sending assets on dissolution to "
            "another SSE entity or a community purpose, and present the accounts and surplus "
            "allocation to the general meeting every year."
        ),
        "name_th": "การให้ความสำคัญกับคนและเป้าหมายทางสังคมเหนือทุน",
        "name_vi": "Ưu tiên con người và mục tiêu xã hội hơn vốn",
    },
)
