"""Vietnamese names of the reference data, filled into the translation
columns by a data migration. Keys are the rows' codes."""

COUNTRIES = {
    "KH": "Campuchia",
    "KG": "Kyrgyzstan",
    "MN": "Mông Cổ",
    "TH": "Thái Lan",
    "VN": "Việt Nam",
    "CN": "Trung Quốc",
    "ID": "Indonesia",
    "JP": "Nhật Bản",
    "MY": "Malaysia",
    "PH": "Philippines",
    "KR": "Hàn Quốc",
    "LA": "Lào",
}

ENTITY_TYPES = {
    "cooperative": {
        "name": "Hợp tác xã",
        "description": "Hiệp hội tự chủ của những người tự nguyện liên kết "
        "với nhau nhằm đáp ứng các nhu cầu chung về kinh tế, xã hội và "
        "văn hóa thông qua một doanh nghiệp đồng sở hữu và được quản lý "
        "một cách dân chủ.",
    },
    "association": {
        "name": "Hiệp hội",
        "description": "Tổ chức có thành viên, do những người theo đuổi một "
        "mục đích chung, phi lợi nhuận lập ra, như hội người sản xuất, "
        "hội phụ nữ hoặc hiệp hội nghề nghiệp.",
    },
    "mutual-society": {
        "name": "Tổ chức tương hỗ",
        "description": "Tổ chức do các thành viên sở hữu, gộp các khoản "
        "đóng góp của thành viên để bảo hiểm hoặc hỗ trợ họ trước những "
        "rủi ro chung như ốm đau, tử vong hoặc mất mùa.",
    },
    "foundation": {
        "name": "Quỹ",
        "description": "Tổ chức nắm giữ và sử dụng tài sản cho một mục đích "
        "xã hội, văn hóa hoặc môi trường, do một hội đồng quản lý chứ "
        "không phải do thành viên.",
    },
    "social-enterprise": {
        "name": "Doanh nghiệp xã hội",
        "description": "Doanh nghiệp kinh doanh hàng hóa hoặc dịch vụ để "
        "theo đuổi một sứ mệnh xã hội hoặc môi trường và tái đầu tư phần "
        "lớn lợi nhuận vào sứ mệnh đó.",
    },
    "self-help-group": {
        "name": "Nhóm tự lực",
        "description": "Nhóm nhỏ, không chính thức, thường gồm phụ nữ, họp "
        "thường xuyên để tiết kiệm, cho vay và hỗ trợ lẫn nhau.",
    },
    "community-enterprise": {
        "name": "Doanh nghiệp cộng đồng",
        "description": "Doanh nghiệp do người dân trong một cộng đồng sở "
        "hữu và điều hành, sản xuất hoặc kinh doanh vì lợi ích của cộng "
        "đồng.",
    },
    "savings-group": {
        "name": "Nhóm tiết kiệm",
        "description": "Nhóm mà các thành viên góp tiền tiết kiệm định kỳ "
        "vào quỹ chung và cho nhau vay, như hội tiết kiệm và vay vốn thôn "
        "bản.",
    },
    "microfinance-institution": {
        "name": "Tổ chức tài chính vi mô",
        "description": "Tổ chức cung cấp tín dụng, tiết kiệm và các dịch vụ "
        "tài chính khác cho người có thu nhập thấp.",
    },
    "other": {
        "name": "Khác",
        "description": "Tổ chức có hình thức không thuộc loại hình nào ở "
        "trên; hình thức pháp lý theo luật quốc gia cho biết đó là tổ chức "
        "gì.",
    },
}

SECTORS = {
    "A": "Nông nghiệp, lâm nghiệp và thủy sản",
    "B": "Khai khoáng",
    "C": "Công nghiệp chế biến, chế tạo",
    "D": "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
    "E": "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
    "F": "Xây dựng",
    "G": "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
    "H": "Vận tải kho bãi",
    "I": "Dịch vụ lưu trú và ăn uống",
    "J": "Thông tin và truyền thông",
    "K": "Hoạt động tài chính, ngân hàng và bảo hiểm",
    "L": "Hoạt động kinh doanh bất động sản",
    "M": "Hoạt động chuyên môn, khoa học và công nghệ",
    "N": "Hoạt động hành chính và dịch vụ hỗ trợ",
    "O": "Hành chính công và quốc phòng; bảo đảm xã hội bắt buộc",
    "P": "Giáo dục và đào tạo",
    "Q": "Y tế và hoạt động trợ giúp xã hội",
    "R": "Nghệ thuật, vui chơi và giải trí",
    "S": "Hoạt động dịch vụ khác",
    "T": "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất "
    "sản phẩm vật chất và dịch vụ tự tiêu dùng của hộ gia đình",
    "U": "Hoạt động của các tổ chức và cơ quan quốc tế",
}

SDGS = {
    1: "Xóa nghèo",
    2: "Không còn nạn đói",
    3: "Sức khỏe và có cuộc sống tốt",
    4: "Giáo dục có chất lượng",
    5: "Bình đẳng giới",
    6: "Nước sạch và vệ sinh",
    7: "Năng lượng sạch với giá thành hợp lý",
    8: "Việc làm tốt và tăng trưởng kinh tế",
    9: "Công nghiệp, sáng tạo và phát triển hạ tầng",
    10: "Giảm bất bình đẳng",
    11: "Các thành phố và cộng đồng bền vững",
    12: "Tiêu dùng và sản xuất có trách nhiệm",
    13: "Hành động về khí hậu",
    14: "Tài nguyên và môi trường biển",
    15: "Tài nguyên và môi trường trên đất liền",
    16: "Hòa bình, công lý và các thể chế vững mạnh",
    17: "Quan hệ đối tác vì các mục tiêu",
}
