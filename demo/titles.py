"""Titles for the demo's initiatives: a field's usual kinds of solution, applied to its usual objects and places."""

import random

# field -> (what is done, to what, where or for whom)
_FIELDS = {
    "production": (["Cải tiến", "Thiết kế", "Chế tạo", "Lắp đặt", "Tự động hóa"],
                   ["máy cắt vải", "dây chuyền đóng gói", "băng tải cấp liệu", "khuôn ép nhựa", "máy dán nhãn",
                    "bộ gá hàn", "máy nghiền nguyên liệu", "hệ thống sấy", "lò nung gạch", "máy dập phôi"],
                   ["phân xưởng may", "tổ sản xuất số 2", "xưởng cơ khí", "dây chuyền 3", "kho thành phẩm"]),
    "technical": (["Cải tiến", "Sửa chữa", "Phục hồi", "Thay thế", "Nâng cấp"],
                  ["hộp số xe nâng", "bơm thủy lực", "tủ điều khiển PLC", "động cơ quạt hút", "van an toàn nồi hơi",
                   "máy nén khí", "biến tần băng tải", "cầu trục 5 tấn", "hệ thống bôi trơn", "máy tiện CNC"],
                  ["xưởng bảo dưỡng", "trạm biến áp", "phân xưởng cơ điện", "nhà máy số 1", "khu lò hơi"]),
    "management": (["Xây dựng", "Áp dụng", "Đổi mới", "Chuẩn hóa", "Số hóa"],
                   ["quy trình giao ca", "sổ theo dõi vật tư", "bảng chấm công", "quy trình xuất kho",
                    "kế hoạch bảo trì", "quy chế khen thưởng", "định mức tiêu hao", "quy trình kiểm kê"],
                   ["phòng kế hoạch", "tổ kho", "phòng hành chính", "đội xe", "ban chỉ huy công trường"]),
    "admin_reform": (["Rút ngắn", "Đơn giản hóa", "Ứng dụng phần mềm cho", "Công khai", "Một cửa hóa"],
                     ["thủ tục cấp giấy xác nhận", "hồ sơ chế độ thai sản", "thủ tục đăng ký hộ kinh doanh",
                      "quy trình tiếp nhận đơn thư", "hồ sơ xin nghỉ phép", "thủ tục chứng thực bản sao"],
                     ["bộ phận một cửa", "Ủy ban nhân dân xã", "phòng nội vụ", "văn phòng công đoàn"]),
    "education": (["Một số biện pháp", "Kinh nghiệm", "Ứng dụng trò chơi", "Sử dụng đồ dùng tự làm",
                   "Phương pháp mới"],
                  ["rèn kỹ năng đọc", "dạy phép nhân chia", "phát triển vận động thô", "giáo dục kỹ năng sống",
                   "dạy tiếng Anh giao tiếp", "bồi dưỡng học sinh giỏi Toán", "dạy vẽ tranh đề tài",
                   "phát triển ngôn ngữ", "giáo dục an toàn giao thông", "dạy bơi"],
                  ["cho học sinh lớp 1", "cho học sinh lớp 4", "cho trẻ 4-5 tuổi", "cho trẻ nhà trẻ",
                   "cho học sinh lớp 8", "cho học sinh dân tộc"]),
    "health": (["Cải tiến", "Ứng dụng", "Xây dựng", "Nâng cao chất lượng", "Giảm thời gian"],
               ["quy trình tiếp đón người bệnh", "cách sắp xếp thuốc cấp cứu", "phiếu theo dõi chăm sóc",
                "quy trình tiệt khuẩn dụng cụ", "lịch hẹn tái khám", "quy trình lấy mẫu xét nghiệm",
                "bảng kiểm an toàn phẫu thuật", "quy trình phát thuốc ngoại trú"],
               ["tại khoa Nội", "tại khoa Ngoại", "tại trạm y tế xã", "tại khoa Nhi", "tại phòng khám"]),
    "safety": (["Lắp đặt", "Cải tiến", "Chế tạo", "Bổ sung", "Thiết kế"],
               ["tấm che chắn máy cưa", "cảm biến ngắt điện khẩn cấp", "lan can thao tác trên cao",
                "hệ thống hút bụi gỗ", "biển cảnh báo phản quang", "giá treo bình chữa cháy", "móc treo dây an toàn"],
               ["khu vực pha sơn", "xưởng mộc", "kho hóa chất", "khu vực hàn", "công trường"]),
    "environment": (["Thu gom", "Tái sử dụng", "Xử lý", "Tiết kiệm", "Phân loại"],
                    ["nước thải nhuộm", "bao bì nhựa", "phế liệu kim loại", "nước làm mát", "rác thải sinh hoạt",
                     "dầu thải", "điện chiếu sáng"],
                    ["tại nhà máy", "tại khu tập thể", "tại bếp ăn ca", "tại khu công nghiệp", "tại trường"]),
    "digital": (["Ứng dụng Google Sheets", "Dùng mã QR", "Xây dựng phần mềm", "Ứng dụng Zalo", "Số hóa"],
                ["quản lý hồ sơ đoàn viên", "theo dõi thiết bị", "điểm danh học sinh", "quản lý tài sản",
                 "báo cáo sản lượng", "đặt lịch phòng họp", "quản lý kho sách"],
                ["của công đoàn cơ sở", "của nhà trường", "của phân xưởng", "của cơ quan", "của trạm y tế"]),
    "union_work": (["Đổi mới", "Tổ chức", "Xây dựng mô hình", "Nâng cao hiệu quả", "Phát động"],
                   ["sinh hoạt tổ công đoàn", "phong trào thi đua", "quỹ tương trợ", "tủ sách công nhân",
                    "mái ấm công đoàn", "đối thoại với người lao động"],
                   ["tại công đoàn cơ sở", "trong khu nhà trọ", "trong doanh nghiệp", "ở khu công nghiệp"]),
}


_PURPOSES = ["", "nhằm giảm chi phí", "giúp tiết kiệm thời gian", "nâng cao năng suất", "bảo đảm an toàn",
             "giảm hao hụt", "thuận tiện cho người lao động", "nâng cao chất lượng"]


def fields() -> list[str]:
    """Return the fields the demo writes titles in."""
    return list(_FIELDS)


def title(rng: random.Random, field: str, taken: set[str]) -> str:
    """Return a title of field that is not in taken (and add it there)."""
    verbs, objects, places = _FIELDS[field]
    while True:
        text = " ".join(part for part in (rng.choice(verbs), rng.choice(objects), rng.choice(places),
                                          rng.choice(_PURPOSES)) if part)
        if text not in taken:
            taken.add(text)
            return text
