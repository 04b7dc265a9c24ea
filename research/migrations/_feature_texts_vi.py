"""Vietnamese texts of the seven features, filled into the translation
columns by a data migration. Keys are the features' codes."""

FEATURES = {
    "economic_activity": {
        "name": "Hoạt động kinh tế vì mục tiêu xã hội và môi trường",
        "definition": "Tổ chức thực hiện một hoạt động kinh tế: sản xuất "
        "hàng hóa, buôn bán, cung cấp dịch vụ hoặc hoạt động tài chính một "
        "cách liên tục, chứ không chỉ qua các sự kiện đơn lẻ. Tổ chức làm "
        "như vậy chủ yếu để đáp ứng các nhu cầu xã hội hoặc môi trường của "
        "thành viên hoặc cộng đồng, như thu nhập, an ninh lương thực, tín "
        "dụng với chi phí hợp lý, chăm sóc, hoặc bảo vệ đất đai, nguồn nước "
        "và rừng. Hoạt động từ thiện hoặc vận động chính sách không có hoạt "
        "động kinh tế thì không đáp ứng đặc điểm này, và một doanh nghiệp mà "
        "mục tiêu xã hội chỉ là cái nhãn cũng vậy.",
        "guidance_absent": "Không có hoạt động sản xuất, buôn bán, dịch vụ "
        "hoặc tài chính thường xuyên: ví dụ, nhóm chỉ tồn tại trên giấy, chỉ "
        "tổ chức họp hoặc chỉ chuyển tiếp hàng hóa của nhà tài trợ. Hoặc "
        "hoạt động được tiến hành thuần túy vì lợi nhuận, và cả văn bản của "
        "tổ chức lẫn các thành viên đều không nêu bất kỳ mục đích xã hội hay "
        "môi trường nào.",
        "guidance_emerging": "Có một số hoạt động kinh tế, nhưng mang tính "
        "thỉnh thoảng, theo mùa vụ hoặc rất nhỏ, như một nhóm tiết kiệm cho "
        "vay không đều đặn hoặc một nhóm phụ nữ chỉ bán hàng thủ công tại "
        "các hội chợ. Thành viên có nêu mục tiêu xã hội hoặc môi trường khi "
        "được phỏng vấn, nhưng mục tiêu đó không được ghi thành văn bản hay "
        "được theo dõi.",
        "guidance_substantial": "Tổ chức duy trì một hoạt động thường xuyên "
        "có ghi chép, như sổ bán hàng, sổ theo dõi cho vay hoặc nhật ký dịch "
        "vụ, và thành viên có thể giải thích hoạt động đó phục vụ ai và vì "
        "sao. Mục tiêu xã hội hoặc môi trường có trong điều lệ hoặc kế "
        "hoạch, nhưng kết quả ít khi được đo lường và một số hoạt động có xu "
        "hướng chỉ còn nhằm tạo thu nhập.",
        "guidance_full": "Hoạt động diễn ra liên tục và được phản ánh trong "
        "sổ sách kế toán, và mục đích xã hội hoặc môi trường được ghi trong "
        "điều lệ, giấy tờ đăng ký hoặc kế hoạch kinh doanh. Tổ chức báo cáo "
        "những gì đạt được cho con người hoặc môi trường, như số thành viên "
        "được phục vụ, số việc làm được tạo ra, giá công bằng đã trả hoặc "
        "diện tích đất canh tác hữu cơ, và thành viên xác nhận điều này khi "
        "được phỏng vấn.",
        "adoption_guidance": "Bắt đầu từ một nhu cầu chung của các thành "
        "viên, như tiếp cận vật tư đầu vào, thị trường, tín dụng hoặc nước "
        "sạch, và tổ chức một hoạt động thường xuyên xoay quanh nhu cầu đó "
        "thay vì chờ các dự án. Ghi chép đơn giản về bán hàng, cho vay hoặc "
        "dịch vụ ngay từ ngày đầu. Ghi mục đích xã hội hoặc môi trường vào "
        "điều lệ hoặc một bản tuyên bố sứ mệnh ngắn, và thống nhất hai hoặc "
        "ba chỉ số đơn giản để hằng năm kiểm tra xem hoạt động có phục vụ "
        "mục đích đó hay không.",
    },
    "collective_interest": {
        "name": "Lợi ích tập thể và/hoặc lợi ích chung",
        "definition": "Tổ chức phục vụ lợi ích tập thể của các thành viên, "
        "lợi ích chung của cộng đồng rộng lớn hơn, hoặc cả hai. Các lợi ích "
        "mà tổ chức mang lại, như dịch vụ, thu nhập, tiết kiệm hoặc hàng hóa "
        "công, đến được với đông đảo thành viên một cách công bằng, thay vì "
        "bị một vài người sáng lập, cán bộ hoặc chủ sở hữu chiếm giữ. Một "
        "hợp tác xã phục vụ tất cả thành viên và một doanh nghiệp cộng đồng "
        "phục vụ cả một làng đều đáp ứng đặc điểm này.",
        "guidance_absent": "Lợi ích chủ yếu rơi vào một gia đình, một người "
        "lãnh đạo, một cán bộ địa phương hoặc một chủ sở hữu tư nhân, còn "
        "các thành viên khác nhận được rất ít hoặc không nhận được gì; nhóm "
        "có thể chỉ là bình phong cho một doanh nghiệp tư nhân nhằm tìm kiếm "
        "tài trợ, ưu đãi thuế hoặc đất đai. Thành viên bình thường được "
        "phỏng vấn không nói được tổ chức làm gì cho họ.",
        "guidance_emerging": "Thành viên được hưởng một số lợi ích, nhưng "
        "việc tiếp cận không đồng đều: ví dụ, các khoản vay, đơn hàng hoặc "
        "việc làm có trả công chủ yếu dành cho thành viên ban điều hành và "
        "người thân của họ. Mục đích chung được nêu bằng lời, nhưng không có "
        "quy định về cách chia sẻ dịch vụ hoặc lợi ích.",
        "guidance_substantial": "Phần lớn thành viên sử dụng dịch vụ và được "
        "hưởng lợi ích theo những điều kiện rõ ràng, và sổ cho vay hoặc sổ "
        "bán hàng cho thấy người sử dụng trải rộng. Một số lợi ích cũng đến "
        "được với người không phải thành viên hoặc cộng đồng, như đóng góp "
        "vào quỹ của thôn, nhưng vẫn còn tình trạng thiên vị hoặc phân bổ "
        "chưa rõ ràng.",
        "guidance_full": "Điều lệ nêu lợi ích tập thể hoặc lợi ích chung là "
        "mục đích của tổ chức, và các quy định thành văn bảo đảm mọi thành "
        "viên được tiếp cận công bằng với dịch vụ và lợi ích. Sổ sách, sổ kế "
        "toán và biên bản cho thấy lợi ích được phân bổ rộng rãi, và tổ chức "
        "cũng đầu tư cho cộng đồng, ví dụ thông qua quỹ xã hội, đào tạo hoặc "
        "cơ sở hạ tầng địa phương, với các quyết định được ghi lại.",
        "adoption_guidance": "Ghi rõ tổ chức phục vụ ai và mỗi thành viên có "
        "thể mong đợi gì từ tổ chức, và công khai các quy định về tiếp cận "
        "khoản vay, đơn hàng, việc làm hoặc các lợi ích khác, bình đẳng cho "
        "tất cả mọi người. Lập sổ theo dõi những ai sử dụng dịch vụ và xem "
        "xét sổ này tại đại hội thành viên để phát hiện tình trạng lợi ích "
        "bị một số ít người chiếm giữ. Cân nhắc trích một tỷ lệ cố định của "
        "thặng dư cho một quỹ xã hội hoặc quỹ cộng đồng do thành viên quyết "
        "định việc sử dụng.",
    },
    "voluntary_cooperation": {
        "name": "Hợp tác tự nguyện",
        "definition": "Mọi người gia nhập, tham gia và rời khỏi tổ chức theo "
        "ý chí tự do của mình. Tư cách thành viên được mở cho tất cả những "
        "ai có thể sử dụng dịch vụ của tổ chức và chấp nhận trách nhiệm của "
        "thành viên, không phân biệt giới tính, dân tộc, tôn giáo hay quan "
        "điểm chính trị. Không ai bị chính quyền, người sử dụng lao động hay "
        "bên cho vay buộc phải gia nhập, và thành viên có thể rút khỏi tổ "
        "chức với những điều kiện công bằng.",
        "guidance_absent": "Tư cách thành viên bị áp đặt: ví dụ, chính quyền "
        "địa phương đưa cả một làng vào danh sách để đạt chỉ tiêu, nông dân "
        "phải gia nhập mới được nhận trợ cấp, đất đai hoặc hợp đồng, hoặc "
        "thành viên không thể rời tổ chức mà không mất đất đai hay tiền gửi. "
        "Hoặc tổ chức đóng cửa với người bên ngoài bằng những quy định tùy "
        "tiện hoặc phân biệt đối xử.",
        "guidance_emerging": "Phần lớn thành viên gia nhập theo lựa chọn của "
        "mình, nhưng một số người do cán bộ hoặc nhân viên dự án đưa vào "
        "danh sách, và sổ thành viên có cả những người không biết mình là "
        "thành viên. Các quy định về gia nhập và rút lui không được ghi "
        "thành văn bản hoặc không rõ ràng, và thành viên rút lui có thể phải "
        "chờ rất lâu mới nhận lại được phần vốn góp.",
        "guidance_substantial": "Thành viên gia nhập bằng đơn có chữ ký, và "
        "sổ thành viên khớp với những người thực sự tham gia. Có các quy "
        "định thành văn về kết nạp, rút lui và hoàn trả phần vốn góp và các "
        "quy định này thường được áp dụng, nhưng vẫn còn một số áp lực phải "
        "gia nhập, ví dụ thông qua một chương trình của nhà nước, hoặc trên "
        "thực tế một số nhóm người bị gạt ra ngoài.",
        "guidance_full": "Điều lệ quy định việc kết nạp rộng mở, không phân "
        "biệt đối xử và một thủ tục rõ ràng cho việc rút lui và hoàn trả "
        "phần vốn góp hoặc tiền tiết kiệm, và các quy định này được tuân thủ "
        "trên thực tế. Sổ thành viên được cập nhật, có ghi ngày nộp đơn và "
        "ngày rút lui, và các thành viên được phỏng vấn cho biết họ gia nhập "
        "tự nguyện và biết cách rút khỏi tổ chức.",
        "adoption_guidance": "Đối chiếu sổ thành viên với những người thực "
        "sự tham gia, và xóa hoặc xác nhận lại những tên đã được đưa vào mà "
        "không có sự đồng ý. Ban hành quy định thành văn về kết nạp, rút lui "
        "và hoàn trả phần vốn góp hoặc tiền tiết kiệm, có thời hạn cụ thể, "
        "và áp dụng bình đẳng cho mọi người. Giải thích cho mọi người về "
        "những gì tư cách thành viên đòi hỏi trước khi họ ký, và không gắn "
        "việc tiếp cận hỗ trợ công với điều kiện phải gia nhập.",
    },
    "mutual_aid": {
        "name": "Tương trợ",
        "definition": "Các thành viên hỗ trợ lẫn nhau và chia sẻ rủi ro, "
        "nguồn lực và kiến thức thay vì hoạt động đơn lẻ. Tương trợ có thể "
        "dưới hình thức góp chung tiết kiệm và tín dụng, đổi công, cùng mua "
        "hoặc cùng bán, dùng chung thiết bị, quỹ giúp thành viên khi ốm đau, "
        "qua đời hoặc mất mùa, hoặc học hỏi lẫn nhau giữa các thành viên. "
        "Tương trợ dựa trên sự có đi có lại: thành viên vừa cho vừa nhận.",
        "guidance_absent": "Thành viên chỉ giao dịch với tổ chức với tư cách "
        "khách hàng hoặc nhà cung cấp cá nhân, và họ không góp chung tiết "
        "kiệm, sức lao động, rủi ro hay kiến thức. Mọi sự hỗ trợ chỉ đến từ "
        "bên ngoài, như từ một nhà tài trợ hoặc cơ quan nhà nước, và chấm "
        "dứt khi sự hỗ trợ đó kết thúc.",
        "guidance_emerging": "Thành viên giúp đỡ nhau một cách không chính "
        "thức, ví dụ đổi công vào mùa thu hoạch hoặc cho vay nhỏ khi khẩn "
        "cấp, nhưng điều này phụ thuộc vào quan hệ cá nhân và không do tổ "
        "chức sắp xếp. Không có quỹ hay quy định nào cho việc này, và chỉ "
        "một số thành viên tham gia.",
        "guidance_substantial": "Tổ chức sắp xếp việc hỗ trợ lẫn nhau một "
        "cách thường xuyên, như chương trình tiết kiệm và cho vay, luân "
        "phiên đổi công, dùng chung thiết bị hoặc quỹ tương trợ, có ghi chép "
        "về việc đóng góp và sử dụng. Phần lớn thành viên tham gia, nhưng "
        "một số quy định chưa được ghi thành văn bản hoặc quỹ quá nhỏ để đáp "
        "ứng nhu cầu thực tế.",
        "guidance_full": "Việc tương trợ được ghi trong điều lệ hoặc quy chế "
        "nội bộ, ví dụ dưới hình thức quỹ xã hội hoặc quỹ khẩn cấp, chương "
        "trình tiết kiệm luân phiên, trách nhiệm liên đới hoặc đào tạo đồng "
        "đẳng, với mức đóng góp và quyền lợi rõ ràng. Sổ sách và biên bản "
        "cho thấy nhiều thành viên sử dụng thường xuyên qua thời gian, và "
        "thành viên kể được những trường hợp cụ thể mà nhóm đã giúp đỡ họ.",
        "adoption_guidance": "Bắt đầu với một hình thức hỗ trợ lẫn nhau đơn "
        "giản mà thành viên mong muốn, như một quỹ khẩn cấp nhỏ, tiết kiệm "
        "định kỳ hoặc một lịch đổi công. Quy định thành văn về mức đóng góp "
        "và điều kiện được giúp đỡ, ghi sổ và báo cáo tại mỗi cuộc họp. Khi "
        "lòng tin tăng lên, mở rộng chương trình, ví dụ sang mua chung, dùng "
        "chung thiết bị hoặc đào tạo đồng đẳng.",
    },
    "democratic_governance": {
        "name": "Quản trị dân chủ và/hoặc có sự tham gia",
        "definition": "Thành viên, người lao động hoặc các bên liên quan "
        "khác kiểm soát các quyết định của tổ chức bằng những phương thức "
        "dân chủ hoặc có sự tham gia. Các dấu hiệu điển hình là một đại hội "
        "thành viên có quyền hạn thực sự, nguyên tắc mỗi thành viên một "
        "phiếu bầu hoặc các quy tắc biểu quyết công bằng khác, ban điều hành "
        "được bầu ra và chịu trách nhiệm giải trình, và thành viên được "
        "thông tin thường xuyên. Sự tham gia phải thực chất, chứ không chỉ "
        "là hình thức.",
        "guidance_absent": "Các quyết định do người sáng lập, người quản lý, "
        "cán bộ địa phương hoặc nhà tài trợ đưa ra, còn thành viên không có "
        "quyền biểu quyết và không được tham vấn. Không tổ chức đại hội "
        "thành viên, hoặc ban điều hành do bên ngoài chỉ định, ví dụ do "
        "chính quyền địa phương hoặc một tổ chức cấp trên.",
        "guidance_emerging": "Có tổ chức họp, nhưng không đều đặn hoặc chủ "
        "yếu để thông báo cho thành viên về những quyết định đã được đưa ra, "
        "và những người lãnh đạo giữ chức vụ nhiều năm mà không qua bầu cử. "
        "Biên bản không có hoặc không đầy đủ, và ít thành viên, đặc biệt là "
        "phụ nữ hoặc thành viên nghèo hơn, phát biểu hoặc biểu quyết.",
        "guidance_substantial": "Đại hội thành viên họp ít nhất mỗi năm một "
        "lần, bầu ban điều hành và thông qua báo cáo tài chính, và biên bản "
        "ghi lại số người tham dự và các quyết định. Việc biểu quyết theo "
        "nguyên tắc mỗi thành viên một phiếu hoặc quy tắc tương tự, nhưng tỷ "
        "lệ tham dự có thể thấp, bầu cử không có sự cạnh tranh, hoặc một số "
        "quyết định được đưa ra giữa các kỳ họp mà không có thành viên.",
        "guidance_full": "Điều lệ quy định đại hội thành viên là cơ quan có "
        "thẩm quyền cao nhất, quy định nguyên tắc mỗi thành viên một phiếu "
        "hoặc các quy tắc công bằng khác, quy định nhiệm kỳ của những người "
        "được bầu giữ chức vụ và thành lập ban kiểm soát hoặc ban kiểm tra. "
        "Biên bản, phiếu bầu và danh sách tham dự cho thấy các cuộc họp diễn "
        "ra thường xuyên với đông người tham dự và các chức vụ có cạnh tranh "
        "hoặc luân phiên, và thành viên có thể giải thích các quyết định "
        "được đưa ra như thế nào và làm thế nào để phản đối.",
        "adoption_guidance": "Tổ chức đại hội toàn thể thành viên ít nhất "
        "mỗi năm một lần, có thông báo trước, và lập biên bản kèm danh sách "
        "tham dự. Ban hành điều lệ quy định mỗi thành viên một phiếu bầu, "
        "nhiệm kỳ cố định cho thành viên ban điều hành và thành lập một ban "
        "kiểm soát hoặc ban kiểm tra nhỏ. Chia sẻ báo cáo tài chính và kế "
        "hoạch với thành viên trước các cuộc họp, và có biện pháp để phụ nữ, "
        "thanh niên và các thành viên ở xa cùng tham gia thảo luận.",
    },
    "autonomy": {
        "name": "Tự chủ và độc lập",
        "definition": "Tổ chức tự quản lý và tự đưa ra quyết định, không "
        "chịu sự kiểm soát của nhà nước, nhà tài trợ, bên mua, bên cho vay "
        "hay công ty mẹ. Tổ chức có thể làm việc với các bên đó, nhận kinh "
        "phí từ họ hoặc được họ đăng ký, nhưng theo những điều kiện để thành "
        "viên vẫn nắm quyền kiểm soát kế hoạch, người lãnh đạo và tài sản "
        "của tổ chức. Tự chủ cũng có nghĩa là tổ chức không phụ thuộc vào "
        "một nguồn bên ngoài duy nhất để tồn tại.",
        "guidance_absent": "Một cơ quan bên ngoài kiểm soát tổ chức: cán bộ "
        "chỉ định người lãnh đạo hoặc phê duyệt các quyết định của tổ chức, "
        "một nhà tài trợ hoặc tổ chức phi chính phủ ấn định các hoạt động và "
        "giữ sổ sách kế toán, hoặc một công ty quyết định giá cả và sản xuất "
        "của tổ chức. Tổ chức sẽ ngừng hoạt động nếu cơ quan đó rút đi.",
        "guidance_emerging": "Thành viên đưa ra một số quyết định, nhưng "
        "những quyết định quan trọng, như lựa chọn người lãnh đạo, sử dụng "
        "kinh phí hoặc các hoạt động chính, cần được chính quyền, dự án hoặc "
        "bên mua phê duyệt. Phần lớn thu nhập đến từ một khoản tài trợ hoặc "
        "một hợp đồng, và biên bản cho thấy nhân sự bên ngoài chủ trì các "
        "cuộc họp.",
        "guidance_substantial": "Thành viên tự bầu người lãnh đạo và tự đặt "
        "kế hoạch, còn các đối tác bên ngoài chỉ tư vấn chứ không quyết "
        "định. Tổ chức có thu nhập riêng từ phí, bán hàng hoặc lãi vay, "
        "nhưng vẫn phụ thuộc nhiều vào một chương trình, một bên mua hoặc "
        "một khoản trợ cấp cho một số hoạt động.",
        "guidance_full": "Điều lệ và các thỏa thuận với đối tác khẳng định "
        "thành viên nắm quyền quyết định cuối cùng, và không cơ quan bên "
        "ngoài nào có ghế hoặc quyền phủ quyết trong ban điều hành. Sổ sách "
        "kế toán cho thấy có nhiều nguồn thu, trong đó nguồn thu tự có chiếm "
        "tỷ trọng lớn, và tổ chức vẫn tiếp tục hoạt động sau khi một dự án "
        "hoặc khoản trợ cấp kết thúc.",
        "adoption_guidance": "Rà soát điều lệ và mọi thỏa thuận với chính "
        "quyền, nhà tài trợ hoặc bên mua, và tìm cách loại bỏ những điều "
        "khoản cho phép họ chỉ định người lãnh đạo hoặc phủ quyết các quyết "
        "định. Xây dựng nguồn thu tự có của tổ chức từ phí thành viên, tiết "
        "kiệm, bán hàng hoặc dịch vụ, và tránh phụ thuộc vào một nguồn kinh "
        "phí duy nhất. Thỏa thuận bằng văn bản với từng đối tác về sự hỗ trợ "
        "mà đối tác cung cấp và về việc thành viên giữ quyền kiểm soát kế "
        "hoạch, người lãnh đạo và tài sản.",
    },
    "people_over_capital": {
        "name": "Ưu tiên con người và mục tiêu xã hội hơn vốn",
        "definition": "Con người và mục tiêu xã hội được đặt trước lợi tức "
        "trên vốn. Thặng dư, lợi nhuận và tài sản phục vụ thành viên và mục "
        "tiêu xã hội, ví dụ thông qua quỹ dự phòng, tái đầu tư, dịch vụ cho "
        "thành viên, khoản hoàn trả theo mức độ sử dụng dịch vụ hoặc quỹ "
        "cộng đồng, và không được chia cho nhà đầu tư theo số vốn họ nắm "
        "giữ. Lãi trên vốn, nếu có, bị giới hạn, và tài sản không bị chiếm "
        "làm của riêng khi tổ chức giải thể.",
        "guidance_absent": "Lợi nhuận được chia cho một vài chủ sở hữu hoặc "
        "nhà đầu tư theo tỷ lệ vốn góp, quyền biểu quyết phụ thuộc vào số cổ "
        "phần nắm giữ, hoặc người lãnh đạo sử dụng tài sản của tổ chức như "
        "tài sản riêng. Không có quỹ dự phòng, và thành viên không nói được "
        "thặng dư được sử dụng như thế nào.",
        "guidance_emerging": "Một phần thặng dư được giữ lại cho nhóm hoặc "
        "chia cho thành viên, nhưng không có quy định thành văn, và các cổ "
        "đông lớn hoặc người lãnh đạo nhận phần không tương xứng. Sổ sách kế "
        "toán không đầy đủ, nên khó kiểm chứng việc sử dụng thặng dư.",
        "guidance_substantial": "Có quy định về phân phối thặng dư, như quỹ "
        "dự phòng, quỹ xã hội và khoản hoàn trả cho thành viên theo mức độ "
        "sử dụng dịch vụ, và sổ sách kế toán cho thấy các quy định này phần "
        "lớn được tuân thủ. Vẫn còn một số thiếu sót, ví dụ lợi tức cao trên "
        "phần vốn góp hoặc quyền sở hữu chưa rõ ràng đối với tài sản mua "
        "bằng tiền tài trợ.",
        "guidance_full": "Điều lệ quy định cách phân phối thặng dư, yêu cầu "
        "có quỹ dự phòng không chia hoặc quỹ xã hội, giới hạn lợi tức trên "
        "vốn và quy định khi giải thể, tài sản còn lại được chuyển cho một "
        "tổ chức kinh tế xã hội và đoàn kết khác hoặc cho mục đích công. Báo "
        "cáo tài chính đã được kiểm toán hoặc được thành viên thông qua cho "
        "thấy các quy định này được áp dụng qua nhiều năm, và đại hội thành "
        "viên quyết định việc sử dụng thặng dư.",
        "adoption_guidance": "Ban hành quy định thành văn về sử dụng thặng "
        "dư, trong đó trích các tỷ lệ cố định cho quỹ dự phòng, cho dịch vụ "
        "hoặc khoản hoàn trả cho thành viên và cho quỹ xã hội hoặc quỹ cộng "
        "đồng trước khi trả bất kỳ lợi tức nào trên vốn. Giới hạn mức lãi "
        "trả cho phần vốn góp của thành viên và giữ quyền biểu quyết độc lập "
        "với số vốn nắm giữ. Bổ sung điều khoản chuyển tài sản khi giải thể "
        "cho một tổ chức kinh tế xã hội và đoàn kết khác hoặc cho mục đích "
        "cộng đồng, và trình báo cáo tài chính cùng phương án phân phối "
        "thặng dư lên đại hội thành viên hằng năm.",
    },
}
