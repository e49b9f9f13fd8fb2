"""The duplicate engine's knowledge of Vietnamese initiative titles (pure data, read by ``review.duplicates``).

Phrases are written with their diacritics for the reader; the engine folds them when it compiles them, so every
entry matches titles typed with or without marks.
"""

# Folded function words that are dropped: their function reading dominates in titles.
FUNCTION_WORDS = """
    cho cua trong tai o va cac nhung nham theo tren voi vao duoc viec nhu duoi giua hoac hay nay nao len rat
"""
# Folded syllables that are a function word as often as not ("ve": về or vệ): kept, but weighted low.
AMBIGUOUS_WORDS = "ve de tu den bang qua su ma do da khi la thi se dang cung nhat boi nen vi ca"
PLACE_MARKERS = frozenset(("tai", "o"))  # "… tại phân xưởng nhuộm", "… ở khoa xét nghiệm"
# Words that open a purpose clause ("… nhằm giảm hao hụt", "… để tránh tràn bể"): what an initiative is for
# restates what it is, so a clause one side adds or drops costs little.
PURPOSE_MARKERS = """
    nhằm, để, nhằm mục đích, với mục đích, mục đích, nhằm góp phần, góp phần, để góp phần, giúp cho,
    hướng tới, hướng đến, tiến tới
"""

# Words of every initiative title, whatever it is about.
TEMPLATE = """
    một số, biện pháp, kinh nghiệm, sáng kiến, đề xuất, nghiên cứu, nâng cao, chất lượng, hiệu quả, dùng,
    cải tiến, chế tạo, xây dựng, thực hiện, triển khai, công tác, tổ chức, đơn vị, cơ quan, công ty,
    doanh nghiệp, hoạt động, mô hình, phương án, giúp, góp phần, đảm bảo, phục vụ, tăng, mới, hiện đại,
    hợp lí, tốt, tích cực, hơn, nhiều, công việc, làm, một, nội dung, vấn đề, thông qua, đối với,
    nhằm mục đích, hướng tới, tiến tới, giải quyết, thúc đẩy, trình độ, đề tài
"""
# Words of a whole field (education, health, production…): they narrow the field, not the initiative.
GENERIC = """
    học sinh, giáo viên, trẻ, bé, cháu, dạy, rèn, lớp, khối, trường, mẫu giáo, mầm non, tiểu học,
    trung học cơ sở, trung học phổ thông, tuổi, tháng, năm, năm học, người lao động, lao động, công nhân,
    đoàn viên, công đoàn, công đoàn cơ sở, cán bộ, công chức, viên chức, bệnh nhân, bệnh viện, khoa, phòng,
    máy, thiết bị, hệ thống, qui trình, phần mềm, tự động, nhanh, an toàn, tiết kiệm, quản lí, phát triển,
    sản xuất, sản phẩm, năng suất, kĩ năng, kĩ thuật, giảng dạy, giáo dục, học tập, môn, bộ, xưởng,
    chi phí, thời gian, người, xã, huyện, tỉnh, thành phố, chi nhánh, xí nghiệp, nhà máy, trung tâm, khu,
    giảm, dự án, phương tiện, dụng cụ, chương trình, kế hoạch, điện, công nghệ, tập thể, lắp, thay,
    cơ cấu, bộ phận, nhân viên
"""
# Content words spelt with a syllable that folds onto a function word or a template word: kept whole.
WORDS = """
    tài chính, tài sản, tài liệu, tài khoản, tài nguyên, tai nạn, tải trọng, tái chế, tái sử dụng,
    một cửa, cửa hàng, cửa sổ, cửa kho, chợ đầu mối, nhu cầu, trồng trọt, trồng cây, vệ sinh, khí thải,
    máy nén khí, hội thi, cuộc thi, thi đua, dự thi, cung cấp, đăng kí, cập nhật, bê tông, dây điện,
    dây an toàn, trong suốt, va chạm, vào sổ, hay quên, năng lượng, lượng nước, số lượng, chợ phiên
"""
# Near-synonyms, one group a line, the canonical form first. Single syllables are left out: folded, they
# are too ambiguous to rewrite ("day" could be dạy, dây, dày, đầy), so those get a low prior instead.
SYNONYMS = """
    biện pháp | giải pháp | phương pháp | cách thức | cách làm | phương thức
    kinh nghiệm | bài học kinh nghiệm
    nâng cao | cải thiện | tăng cường | đẩy mạnh | nâng cao hơn nữa
    dùng | ứng dụng | sử dụng | áp dụng | vận dụng | dùng cho
    giúp | hướng dẫn | giúp đỡ | hỗ trợ | rèn luyện | dạy cho | giáo dục cho
    cải tiến | cải tạo | cải biến | đổi mới | hoàn thiện | cải tiến và hoàn thiện
    chế tạo | thiết kế | thiết kế chế tạo | thiết kế và chế tạo | sáng chế | chế tạo thử
    lắp | lắp đặt | lắp mới | lắp thêm
    xây dựng | thiết lập | tạo lập
    trực tuyến | online | qua mạng | trên mạng
    rác | rác thải | chất thải | phế thải
    gá | bộ gá | đồ gá | bộ đồ gá
    điện mặt trời | pin năng lượng mặt trời | pin mặt trời | năng lượng mặt trời | điện năng lượng mặt trời |
        tấm pin mặt trời | tấm pin năng lượng mặt trời | quang điện
    khảo sát ý kiến | lấy ý kiến | thăm dò ý kiến | xin ý kiến | khảo sát | thăm dò | lấy ý kiến khảo sát
    máy tính | máy vi tính | vi tính | computer
    email | thư điện tử | e mail
    website | trang web | trang thông tin điện tử | cổng thông tin điện tử
    smartphone | điện thoại thông minh
    bệnh nhân | người bệnh
    điều dưỡng | y tá
    khám bệnh | khám chữa bệnh
    rửa tay | vệ sinh tay
    trẻ | trẻ em
    học sinh | học trò
    giáo viên | thầy cô | thầy cô giáo
    trường | nhà trường | trường học
    xưởng | phân xưởng | nhà xưởng | xưởng sản xuất
    bữa ăn | suất ăn | bữa cơm
    bếp ăn | nhà ăn | căng tin
    phòng chống | phòng ngừa | phòng tránh | ngăn ngừa | ngăn chặn
    giảm | giảm thiểu | hạn chế | cắt giảm | làm giảm
    tăng | gia tăng | làm tăng
    nhanh | nhanh chóng
    bảo dưỡng | bảo trì
    sửa chữa | khắc phục
    hỏng | hư hỏng | hỏng hóc
    thay | thay thế | thay mới
    băng tải | băng chuyền
    dây chuyền | dây truyền
    động cơ | mô tơ | motor | môtơ
    biến tần | inverter
    đèn led | bóng đèn led | bóng led
    tự động | tự động hoá
    số hoá | điện tử hoá | chuyển đổi số
    giám sát | theo dõi
    tuyên truyền | truyền thông
    mã qr | qr code | mã qr code | qrcode | qr
    trò chơi | game
    bóng đá | đá bóng
    tiền lương | lương
    điện | điện năng
    thu gom | gom
    lưu trữ | lưu giữ
    thanh toán | chi trả
    tiết kiệm | tiết giảm
    video | clip
"""
# Abbreviations, one a line: the spellings, then "=", then what they stand for.
ABBREVIATIONS = """
    HS = học sinh
    GV = giáo viên
    NLĐ = người lao động
    LĐ = lao động
    CNVCLĐ = công nhân viên chức lao động
    CNVC = công nhân viên chức
    CNLĐ = công nhân lao động
    CBCNV = cán bộ công nhân viên
    CBCCVC = cán bộ công chức viên chức
    CBCC = cán bộ công chức
    CBGVNV = cán bộ giáo viên nhân viên
    ĐV = đoàn viên
    ĐVCĐ = đoàn viên công đoàn
    CĐCS = công đoàn cơ sở
    LĐLĐ = liên đoàn lao động
    ATVSLĐ = an toàn vệ sinh lao động
    ATLĐ = an toàn lao động
    VSLĐ = vệ sinh lao động
    BHLĐ = bảo hộ lao động
    TNLĐ = tai nạn lao động
    NSLĐ = năng suất lao động
    PCCC = phòng cháy chữa cháy
    PCCN = phòng chống cháy nổ
    CNTT = công nghệ thông tin
    CSDL = cơ sở dữ liệu
    UBND = uỷ ban nhân dân
    HĐND = hội đồng nhân dân
    TTHC = thủ tục hành chính
    CCHC = cải cách hành chính
    BV = bệnh viện
    BVĐK = bệnh viện đa khoa
    TTYT = trung tâm y tế
    NVYT = nhân viên y tế
    KCB = khám chữa bệnh
    BN = bệnh nhân
    BHXH = bảo hiểm xã hội
    BHYT = bảo hiểm y tế
    DN = doanh nghiệp
    KCN = khu công nghiệp
    SXKD = sản xuất kinh doanh
    KHKT = khoa học kĩ thuật
    KHCN = khoa học công nghệ
    THCS = trung học cơ sở
    THPT = trung học phổ thông
    MN = mầm non
    TH = tiểu học
    GDTC = giáo dục thể chất
    GDĐT = giáo dục đào tạo
    PPDH = phương pháp dạy học
    SKKN = sáng kiến kinh nghiệm
    BVMT = bảo vệ môi trường
    NLMT = năng lượng mặt trời
    TKNL = tiết kiệm năng lượng
    BVTV = bảo vệ thực vật
    HTX = hợp tác xã
    TSCĐ = tài sản cố định
    VPP = văn phòng phẩm
    XLNT = xử lí nước thải
    CBNV = cán bộ nhân viên
    CNV = công nhân viên
    CBGV = cán bộ giáo viên
    CBQL = cán bộ quản lí
    CBQLGV = cán bộ quản lí giáo viên
    GVBM = giáo viên bộ môn
    GVMN = giáo viên mầm non
    NVVP = nhân viên văn phòng
    ĐDV = điều dưỡng viên
    KTV = kĩ thuật viên
    BGH = ban giám hiệu
    BCH = ban chấp hành
    CĐV = công đoàn viên
    PHHS = phụ huynh học sinh
    CMHS = cha mẹ học sinh
    ATGT = an toàn giao thông
    VSATTP = vệ sinh an toàn thực phẩm
"""
NUMBER_WORDS = {
    "mot": "1", "hai": "2", "ba": "3", "bon": "4", "tu": "4", "nam": "5", "sau": "6", "bay": "7", "tam": "8",
    "chin": "9", "muoi": "10",
}
GRADE_WORDS = frozenset(("lop", "khoi"))
AGE_WORDS = frozenset(("tuoi", "thang"))
