"""Generate a deterministic corpus of Vietnamese initiative titles and descriptions.

``generate(n, seed=1) -> list[Record]`` builds ``n`` records across fields (education, health, production,
energy, administration/IT, union work, occupational safety, agriculture, environment, transport). Most are
originals drawn from field templates; some are planted:

- ``kind == "duplicate"``: the same initiative as record ``of``, either re-spelt (``variant`` one of
  ``SPELLING_VARIANTS``: NFD, old tone placement, no diacritics, capitals, punctuation, look-alike letters,
  abbreviations) or restated (``RESTATEMENT_VARIANTS``: words added, dropped, reordered, near-synonyms, a
  purpose clause added, dropped or reworded, a head noun or generic verb dropped or added, a label in front,
  quotation marks around a name, a loanword joined, split or hyphenated or y/i respelled, a modifier of a
  distinctive phrase dropped);
- ``kind == "lookalike"``: record ``of``'s template with one distinctive slot changed (another skill,
  machine, device, task…): a different initiative that only resembles it.

``planted_pairs(records) -> list[Pair]`` lists the planted (key, of, kind, variant) tuples. Keys are the
record positions. The same ``(n, seed)`` always gives the same records.
"""

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

SPELLING_VARIANTS = ("nfd", "old_tones", "no_diacritics", "capitals", "punctuation", "lookalike_letters",
                     "abbreviations")
RESTATEMENT_VARIANTS = ("words_added", "words_dropped", "reordered", "synonyms", "purpose_clause", "head_word",
                        "label", "quoted", "respelled", "modifier_dropped")
DUPLICATE_SHARE = 0.03
LOOKALIKE_SHARE = 0.015


@dataclass(frozen=True, slots=True)
class Record:
    """One generated initiative; ``of`` is the key it duplicates or resembles."""

    key: int
    title: str
    description: str
    field: str
    kind: str = "original"
    of: int | None = None
    variant: str = ""


class Pair(NamedTuple):
    """A planted relation between two records."""

    key: int
    of: int
    kind: str
    variant: str


@dataclass(frozen=True, slots=True)
class _Draft:
    """An original before it becomes a record: its field, pattern and slot values."""

    field: str
    pattern: int
    slots: tuple[tuple[str, str], ...]


# Vocabulary by field. Each field has patterns (format strings over slot names) and the slot lists; the
# slots named in "distinctive" are those a template look-alike changes.
_PLACES = (
    "Hải Dương", "Thái Nguyên", "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Bắc Giang", "Hà Nam", "Nam Định",
    "Ninh Bình", "Hưng Yên", "Phú Thọ", "Vĩnh Phúc", "Lào Cai", "Yên Bái", "Sơn La", "Điện Biên",
    "Quảng Bình", "Quảng Trị", "Huế", "Đà Nẵng", "Quảng Nam", "Bình Định", "Phú Yên", "Khánh Hòa",
    "Gia Lai", "Đắk Lắk", "Lâm Đồng", "Bình Dương", "Đồng Nai", "Long An", "Tiền Giang", "Bến Tre",
    "Cần Thơ", "An Giang", "Kiên Giang", "Cà Mau", "Sóc Trăng", "Trà Vinh", "Vĩnh Long", "Tây Ninh",
    "Hoằng Hóa", "Cẩm Giàng", "Kinh Môn", "Đông Triều", "Phổ Yên", "Sông Công", "Tam Điệp", "Kim Bảng",
    "Ý Yên", "Thủy Nguyên", "Lạng Giang", "Yên Dũng", "Thuận Thành", "Tiên Du", "Quế Võ", "Gia Bình",
)
_SCHOOL_NAMES = (
    "Hoa Sen", "Họa Mi", "Sao Mai", "Bình Minh", "Hướng Dương", "Ánh Dương", "Tuổi Thơ", "Hoa Hồng",
    "Lê Lợi", "Trần Phú", "Nguyễn Du", "Quang Trung", "Chu Văn An", "Lê Quý Đôn", "Kim Đồng", "Võ Thị Sáu",
    "Nguyễn Trãi", "Lý Tự Trọng", "Phan Bội Châu", "Trưng Vương", "Hai Bà Trưng", "Ngô Quyền",
)
_COMPANIES = (
    "Xi măng Hoàng Thạch", "Nhiệt điện Phả Lại", "Than Hà Lầm", "Dệt may Hòa Thọ", "Gang thép Thái Nguyên",
    "Phân đạm Hà Bắc", "Giấy Bãi Bằng", "Cơ khí Đông Anh", "Thủy điện Hòa Bình", "May Sông Hồng",
    "Cao su Phú Riềng", "Mía đường Lam Sơn", "Bia Sài Gòn", "Đóng tàu Hạ Long", "Xăng dầu Nghệ Tĩnh",
    "Điện lực Hải Dương", "Cấp nước Thanh Hóa", "Môi trường đô thị Đà Nẵng", "Giày Thái Bình", "Sứ Thanh Trì",
    "Kính Đáp Cầu", "Lọc hóa dầu Bình Sơn", "Cảng Hải Phòng", "Vận tải Hoàng Long", "Thép Hòa Phát",
)

# Where an initiative was applied, by field; appended to some titles as real submissions often do.
_UNITS = {
    "education": ("trường Tiểu học {school} {place}", "trường Mầm non {school} {place}",
                  "trường THCS {school} {place}", "trường THPT {school} {place}"),
    "health": ("Bệnh viện đa khoa {place}", "Trung tâm Y tế {place}", "Bệnh viện Y học cổ truyền {place}",
               "Trạm Y tế xã {school}"),
    "production": ("Công ty {company}", "Nhà máy {company}", "Chi nhánh {place} Công ty {company}",
                   "Xí nghiệp {school} Công ty {company}"),
    "administration": ("UBND xã {school} huyện {place}", "Văn phòng HĐND và UBND {place}",
                       "Sở Tài chính {place}", "Chi cục Thuế {place}"),
    "union": ("Công đoàn Công ty {company}", "LĐLĐ {place}", "Công đoàn ngành Giáo dục {place}"),
    "agriculture": ("Hợp tác xã {school} {place}", "Trung tâm Khuyến nông {place}", "Nông trường {school}"),
}
_UNITS["energy"] = _UNITS["safety"] = _UNITS["environment"] = _UNITS["production"]
UNIT_SHARE = 0.8

_FIELDS = {
    "education": {
        "patterns": (
            "{lead} giúp {learner} {skill}",
            "{lead} giúp {learner} {skill} ở trường {school} {school_name}",
            "{lead} rèn kỹ năng {skill} cho {learner}",
            "{lead} {skill} cho {learner} thông qua {activity}",
            "Ứng dụng {tool} trong dạy {subject} cho {learner}",
        ),
        "distinctive": ("skill", "subject", "tool"),
        "lead": ("Một số biện pháp", "Biện pháp", "Một số kinh nghiệm", "Kinh nghiệm", "Giải pháp",
                 "Một số giải pháp"),
        "learner": ("học sinh lớp 1", "học sinh lớp 2", "học sinh lớp 3", "học sinh lớp 4", "học sinh lớp 5",
                    "học sinh lớp 6", "học sinh lớp 8", "học sinh lớp 9", "học sinh lớp 10", "học sinh lớp 12",
                    "trẻ mẫu giáo 3-4 tuổi", "trẻ mẫu giáo 4-5 tuổi", "trẻ mẫu giáo 5-6 tuổi",
                    "trẻ nhà trẻ 24-36 tháng", "học sinh dân tộc thiểu số", "học sinh khuyết tật hòa nhập"),
        "skill": ("đọc thông viết thạo", "giải toán có lời văn", "phát triển ngôn ngữ", "phát triển thể chất",
                  "học tốt môn Tiếng Anh", "viết đoạn văn tả cảnh", "cảm thụ thơ ca", "làm quen với chữ cái",
                  "tự phục vụ bản thân", "tính nhẩm nhanh", "học tốt hình học không gian", "phát âm chuẩn",
                  "viết chữ đẹp", "ghi nhớ bảng cửu chương", "giữ gìn vệ sinh răng miệng", "nhận biết màu sắc",
                  "yêu thích đọc sách", "thuyết trình trước lớp", "làm thí nghiệm Hóa học an toàn",
                  "học tốt Lịch sử địa phương", "phòng tránh đuối nước", "bơi an toàn", "sử dụng máy tính",
                  "lập trình Scratch", "giải phương trình bậc hai", "đọc hiểu văn bản nghị luận",
                  "hát dân ca", "vẽ tranh theo chủ đề", "múa dân gian", "tham gia giao thông an toàn",
                  "làm văn nghị luận xã hội", "chơi cờ vua", "học từ vựng tiếng Anh", "làm quen với toán",
                  "khám phá khoa học", "tạo hình bằng đất nặn", "kể chuyện sáng tạo", "đọc diễn cảm",
                  "rèn chữ viết", "giao tiếp tự tin", "ứng xử văn minh", "bảo vệ môi trường"),
        "school": ("Tiểu học", "Mầm non", "THCS", "Trung học cơ sở", "Trung học phổ thông"),
        "school_name": _SCHOOL_NAMES,
        "activity": ("trò chơi dân gian", "hoạt động trải nghiệm", "góc thiên nhiên", "câu lạc bộ",
                     "sân chơi cuối tuần", "dự án học tập", "bài giảng điện tử"),
        "tool": ("bảng tương tác thông minh", "phần mềm Powerpoint", "phần mềm Quizizz", "Google Classroom",
                 "video hoạt hình", "bản đồ tư duy", "phần mềm GeoGebra", "thí nghiệm ảo"),
        "subject": ("Toán", "Tiếng Việt", "Ngữ văn", "Vật lí", "Hóa học", "Sinh học", "Địa lí", "Âm nhạc",
                    "Mĩ thuật", "Giáo dục thể chất", "Tin học", "Công nghệ"),
    },
    "health": {
        "patterns": (
            "Xây dựng quy trình {procedure} tại khoa {dept}",
            "Giải pháp {goal} cho người bệnh {patient} tại khoa {dept}",
            "Ứng dụng {tool} trong {task} tại bệnh viện {place}",
            "Cải tiến {device} dùng trong {procedure}",
        ),
        "distinctive": ("procedure", "goal", "patient", "task", "device"),
        "procedure": ("phân loại rác thải y tế", "bàn giao dụng cụ phẫu thuật", "tiếp nhận bệnh nhân cấp cứu",
                      "tiệt khuẩn dụng cụ nội soi", "lấy mẫu xét nghiệm máu", "cấp phát thuốc nội trú",
                      "chăm sóc vết mổ", "bảo quản vắc xin", "khử khuẩn buồng bệnh", "vận chuyển bệnh phẩm",
                      "theo dõi đường huyết", "truyền máu an toàn", "rửa tay thường quy", "đặt ống thông dạ dày"),
        "goal": ("giảm thời gian chờ khám", "phòng ngừa loét tì đè", "giảm nhiễm khuẩn vết mổ",
                 "phòng té ngã", "tăng tuân thủ điều trị", "giảm đau sau mổ", "dinh dưỡng hợp lý"),
        "patient": ("cao tuổi", "đái tháo đường", "tăng huyết áp", "sau phẫu thuật", "thở máy", "nhi",
                    "chạy thận nhân tạo", "đột quỵ"),
        "dept": ("Xét nghiệm", "Hồi sức tích cực", "Ngoại tổng hợp", "Nội tiết", "Nhi", "Sản", "Cấp cứu",
                 "Chẩn đoán hình ảnh", "Dược", "Kiểm soát nhiễm khuẩn", "Phục hồi chức năng", "Răng hàm mặt"),
        "tool": ("mã QR", "phần mềm quản lý", "tin nhắn Zalo", "bệnh án điện tử", "camera giám sát",
                 "thẻ RFID"),
        "task": ("thanh toán viện phí", "quản lý tủ thuốc trực", "đặt lịch khám bệnh", "theo dõi nhiệt độ tủ lạnh",
                 "quản lý hồ sơ bệnh án", "nhắc lịch tái khám", "kiểm kê vật tư tiêu hao"),
        "place": _PLACES,
        "device": ("giá đỡ chai dịch truyền", "xe đẩy thuốc", "bàn kéo nắn xương", "nẹp cố định chi",
                   "gối kê chống loét", "hộp đựng vật sắc nhọn"),
    },
    "production": {
        "patterns": (
            "Thiết kế {fixture} cho {machine}",
            "Cải tiến {machine} {mode}",
            "Chế tạo {fixture} dùng cho {machine} tại phân xưởng {workshop}",
            "Giải pháp giảm {defect} khi {operation} tại công ty {company}",
            "Cải tiến quy trình {maintenance} {vehicle}",
        ),
        "distinctive": ("fixture", "machine", "defect", "operation", "maintenance", "vehicle"),
        "fixture": ("bộ gá kẹp phôi nhanh", "bộ gá khoan lỗ bích", "cơ cấu cấp phôi tự động", "giá đỡ xi lanh thủy lực",
                    "cơ cấu siết bu lông", "bộ kẹp ắc quy", "khớp nối pít tông",
                    "thiết bị căn chỉnh trục", "đồ gá hàn ống", "bàn kẹp đa năng", "cữ chặn hành trình",
                    "tấm che chắn phoi", "cơ cấu nâng hạ khuôn", "bộ dẫn hướng dao"),
        "machine": ("máy phay đứng", "máy khoan cần", "máy tiện CNC", "máy mài hai đá", "máy đóng bao xi măng",
                    "máy trộn bê tông", "máy ép nhựa", "máy cắt tôn", "máy dệt kim", "máy nén khí",
                    "máy chấn tôn", "máy cưa vòng", "máy dập thủy lực", "máy xúc lật", "băng tải than",
                    "lò hơi đốt than", "máy in offset", "máy hàn bấm", "máy se sợi", "máy nghiền đá"),
        "mode": ("tự động", "bán tự động", "vận hành an toàn", "giảm tiêu hao điện", "chạy êm"),
        "workshop": ("cơ khí", "sửa chữa", "nhuộm", "dệt", "lắp ráp", "đúc", "cán thép", "bao bì", "sợi"),
        "defect": ("tỉ lệ sản phẩm lỗi", "phế phẩm", "hao hụt nguyên liệu", "thời gian dừng máy",
                   "tiếng ồn", "hơi nóng", "bụi"),
        "operation": ("cắt tôn", "hàn khung xe", "nhuộm vải", "đóng gói", "ép viên", "sấy gỗ", "in nhãn mác",
                      "cán thép", "se sợi"),
        "company": _COMPANIES,
        "maintenance": ("thay dầu hộp số", "vá lốp", "thay lọc gió mô tơ", "kiểm tra pa lăng",
                         "bảo dưỡng phanh", "thay má phanh", "cân chỉnh đèn pha",
                        "súc rửa két nước", "kiểm tra ắc quy"),
        "vehicle": ("xe tải", "xe nâng", "xe buýt", "đầu máy diesel", "xe cẩu", "xe ben"),
    },
    "energy": {
        "patterns": (
            "Lắp đặt hệ thống pin năng lượng mặt trời áp mái cho {building}",
            "Giải pháp tiết kiệm điện cho {system} tại {site}",
            "Lắp biến tần cho {motor}",
            "Lắp đặt hệ thống {protection} cho {building}",
            "Tận dụng {waste_heat} để {reuse}",
        ),
        "distinctive": ("building", "system", "motor", "protection", "waste_heat", "reuse"),
        "building": ("nhà điều hành", "nhà xưởng sản xuất", "ký túc xá công nhân", "nhà ăn ca",
                     "trạm bơm nước", "trụ sở công đoàn", "nhà kho thành phẩm", "trường học"),
        "system": ("điều hòa trung tâm", "chiếu sáng nhà xưởng", "bơm nước làm mát", "máy nén khí",
                   "lò hơi", "chiếu sáng đường nội bộ", "quạt thông gió"),
        "site": _PLACES,
        "motor": ("quạt hút bụi lò hơi", "bơm cấp nước", "băng tải clinker", "máy nghiền bi",
                  "quạt làm mát tháp", "cầu trục"),
        "protection": ("chống sét", "báo cháy tự động", "camera an ninh", "thu gom nước mưa", "đèn LED"),
        "waste_heat": ("nhiệt thải lò nung", "khí thải máy phát", "hơi nước ngưng"),
        "reuse": ("sấy nguyên liệu", "đun nước nóng", "phát điện", "sưởi ấm nhà xưởng"),
    },
    "administration": {
        "patterns": (
            "Ứng dụng {tool} trong {task} của đơn vị",
            "Ứng dụng {tool} trong {task} tại {unit}",
            "Xây dựng phần mềm {software} cho {unit}",
            "Số hóa {records} tại {unit}",
        ),
        "distinctive": ("tool", "task", "software", "records"),
        "tool": ("mã QR", "chữ ký số", "Google Sheets", "phần mềm Excel", "Zalo OA", "hệ thống một cửa điện tử",
                 "phần mềm nguồn mở", "trí tuệ nhân tạo"),
        "task": ("quản lý tài sản cố định", "lưu trữ hồ sơ", "chấm công", "tính lương", "quản lý văn bản đến",
                 "theo dõi công việc", "tiếp nhận hồ sơ hành chính", "quản lý kho", "đặt phòng họp",
                 "quản lý xe công", "kê khai thuế", "quản lý đoàn viên"),
        "software": ("quản lý nhân sự", "quản lý kho vật tư", "quản lý hợp đồng", "đánh giá cán bộ",
                     "quản lý thiết bị", "tra cứu văn bản"),
        "records": ("hồ sơ địa chính", "hồ sơ cán bộ", "sổ hộ tịch", "hồ sơ lưu trữ", "hồ sơ đoàn viên"),
        "unit": ("Ủy ban nhân dân xã", "Văn phòng UBND huyện", "phòng Tài chính Kế hoạch", "Chi cục Thuế",
                 "Bảo hiểm xã hội huyện", "Kho bạc Nhà nước", "phòng Nội vụ", "Trung tâm hành chính công"),
    },
    "union": {
        "patterns": (
            "Ứng dụng Google Form khảo sát ý kiến đoàn viên về {topic}",
            "Tổ chức {activity} cho đoàn viên {group}",
            "Mô hình {model} tại công đoàn cơ sở {company}",
            "Nâng cao chất lượng {union_task} trong công đoàn cơ sở",
        ),
        "distinctive": ("topic", "activity", "model", "union_task"),
        "topic": ("bữa ăn ca", "nhà ở công nhân", "điều kiện làm việc", "chế độ tiền lương",
                  "nhu cầu gửi trẻ", "thời giờ làm việc"),
        "activity": ("giải bóng đá công nhân", "hội thi tay nghề", "ngày hội gia đình", "tết sum vầy",
                     "khám sức khỏe định kỳ", "đối thoại tại nơi làm việc", "lớp học tiếng Anh buổi tối",
                     "chợ phiên công đoàn"),
        "group": ("nữ", "trẻ", "khu công nghiệp", "có hoàn cảnh khó khăn", "ngành giáo dục", "ngoài khu vực nhà nước"),
        "model": ("mái ấm công đoàn", "tủ sách công nhân", "bếp ăn tập thể", "siêu thị 0 đồng",
                  "phòng vắt sữa cho lao động nữ", "quỹ tương trợ"),
        "union_task": ("sinh hoạt tổ công đoàn", "thương lượng tập thể", "phát triển đoàn viên",
                       "tuyên truyền pháp luật lao động", "thu đoàn phí", "kiểm tra giám sát"),
        "company": _COMPANIES,
    },
    "safety": {
        "patterns": (
            "Giải pháp phòng chống {hazard} tại {area}",
            "Thiết kế {guard} cho {machine}",
            "Nâng cao hiệu quả công tác an toàn vệ sinh lao động tại {area}",
            "Huấn luyện {training} cho người lao động {workers}",
        ),
        "distinctive": ("hazard", "guard", "machine", "training"),
        "hazard": ("cháy nổ", "điện giật", "ngã cao", "ngộ độc khí CO", "bỏng hóa chất", "say nắng",
                   "tai nạn băng tải", "sập lò"),
        "area": ("kho xăng dầu", "xưởng sơn", "hầm lò", "công trường xây dựng", "trạm biến áp",
                 "kho hóa chất", "khu lò hơi", "bến cảng"),
        "guard": ("tấm che chắn an toàn", "cảm biến dừng khẩn cấp", "lan can bảo vệ", "khóa liên động",
                  "rèm ánh sáng an toàn"),
        "machine": ("máy cắt đột", "máy cưa đĩa", "máy ép thủy lực", "máy cán", "máy bào gỗ", "máy xay"),
        "training": ("sơ cứu tai nạn", "thoát hiểm khi cháy", "sử dụng bình chữa cháy", "làm việc trên cao",
                     "an toàn điện"),
        "workers": ("mới tuyển dụng", "làm việc ca đêm", "ngành xây dựng", "ngành khai thác than"),
    },
    "agriculture": {
        "patterns": (
            "Kỹ thuật {technique} cho cây {crop} tại {place}",
            "Mô hình nuôi {animal} {method}",
            "Chế tạo {machine} phục vụ {task}",
        ),
        "distinctive": ("technique", "crop", "animal", "method", "machine", "task"),
        "technique": ("tưới nhỏ giọt", "ghép cải tạo giống", "bón phân hữu cơ vi sinh", "tỉa cành tạo tán",
                      "phòng trừ sâu đục thân", "che phủ gốc"),
        "crop": ("cà phê", "hồ tiêu", "thanh long", "vải thiều", "lúa", "chè", "cao su", "bưởi da xanh"),
        "animal": ("lợn", "gà thả vườn", "tôm thẻ chân trắng", "cá rô phi", "bò sinh sản", "ong lấy mật"),
        "method": ("trên đệm lót sinh học", "theo hướng an toàn sinh học", "trong ao lót bạt", "theo chuỗi liên kết"),
        "machine": ("máy gieo hạt", "máy tách vỏ", "máy sấy nông sản", "máy thái cỏ", "máy phun thuốc"),
        "task": ("thu hoạch lúa", "sơ chế cà phê", "chăn nuôi bò", "sản xuất rau sạch"),
        "place": _PLACES,
    },
    "environment": {
        "patterns": (
            "Giải pháp xử lý {waste} tại {facility}",
            "Thu gom và phân loại {waste} tại {facility}",
            "Giải pháp tiết kiệm nước trong {water_use} tại phân xưởng {workshop}",
        ),
        "distinctive": ("waste", "water_use"),
        "waste": ("rác thải nhựa", "nước thải sinh hoạt", "bùn thải", "dầu thải", "tro xỉ lò hơi",
                  "rác thải sinh hoạt"),
        "facility": ("khu công nghiệp", "bệnh viện huyện", "chợ đầu mối", "khu dân cư", "nhà máy chế biến thủy sản",
                     "trường học"),
        "water_use": ("vệ sinh công nghiệp", "làm mát máy", "rửa nguyên liệu", "giặt tẩy"),
        "workshop": ("nhuộm", "chế biến", "đúc", "mạ kẽm"),
    },
}

_DESCRIPTION_OPENINGS = (
    "Trước đây {problem}.", "Thực tế tại đơn vị cho thấy {problem}.", "Qua theo dõi nhiều năm, {problem}.",
)
_PROBLEMS = (
    "việc thực hiện còn thủ công, mất nhiều thời gian", "chất lượng chưa đáp ứng yêu cầu",
    "chi phí vận hành cao và hay phát sinh sự cố", "người thực hiện dễ sai sót", "hiệu quả còn thấp",
)
_DESCRIPTION_MIDDLES = (
    "Tác giả đề xuất {core} với các bước cụ thể, dễ áp dụng.",
    "Nội dung chính của sáng kiến là {core}.",
    "Giải pháp tập trung vào {core} và đã được áp dụng thử tại đơn vị.",
)
_BENEFITS = (
    "Giá trị làm lợi ước tính {amount} triệu đồng mỗi năm.", "Sau khi áp dụng, năng suất tăng {percent}%.",
    "Kết quả thời gian thực hiện giảm {percent}%.", "Hiệu quả được hội đồng đánh giá cao.",
)

# Replacements used to restate a title: (what is written, how a colleague might write it).
_SYNONYMS = (
    ("Một số biện pháp", "Một số giải pháp"), ("Biện pháp", "Giải pháp"), ("nâng cao", "cải thiện"),
    ("Nâng cao", "Cải thiện"), ("quy trình", "qui trình"), ("rác thải", "chất thải"), ("lớp 1", "lớp Một"),
    ("bộ gá", "đồ gá"), ("pin năng lượng mặt trời", "điện mặt trời"), ("Ứng dụng", "Sử dụng"),
    ("Lắp đặt", "Lắp"), ("tại", "ở"), ("trực tuyến", "online"), ("khảo sát ý kiến", "lấy ý kiến"),
    ("Google Form", "Google Forms"), ("Kinh nghiệm", "Một số kinh nghiệm"), ("người bệnh", "bệnh nhân"),
    ("Thiết kế", "Chế tạo"), ("phòng chống", "phòng ngừa"), ("Giải pháp", "Biện pháp"), ("giúp", "hướng dẫn"),
)
_ABBREVIATIONS = (
    ("công nhân viên chức lao động", "CNVCLĐ"), ("an toàn vệ sinh lao động", "ATVSLĐ"),
    ("công đoàn cơ sở", "CĐCS"), ("công nghệ thông tin", "CNTT"), ("người lao động", "NLĐ"),
    ("học sinh", "HS"), ("giáo viên", "GV"), ("Trung học cơ sở", "THCS"), ("Trung học phổ thông", "THPT"),
    ("Ủy ban nhân dân", "UBND"), ("bệnh viện", "BV"), ("đoàn viên", "ĐV"), ("phòng cháy chữa cháy", "PCCC"),
    ("năng lượng mặt trời", "NLMT"), ("Mầm non", "MN"),
)
_ADDED_WORDS_BEFORE = ("Một số ", "Đề xuất ", "Nghiên cứu ")
_ADDED_WORDS_AFTER = (" tại đơn vị", " nhằm nâng cao hiệu quả công việc", " góp phần tiết kiệm chi phí",
                      " trong năm 2023", " ở cơ sở")
_DROPPABLE = ("Một số ", "một số ", " tại đơn vị", "Biện pháp ", "Giải pháp ", " của đơn vị", " tự động", " dùng",
              "Cải tiến ", "Xây dựng ", "Ứng dụng ", "Thiết kế ", "Nâng cao ", "Kỹ thuật ", "Mô hình ", "Chế tạo ",
              "Tổ chức ", " cho cây", "Lắp đặt ", " trong công đoàn cơ sở")
_REORDER_MARKERS = (" tại ", " ở ", " cho ", " trong ")
_LOOKALIKE_LETTERS = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "C": "С",
                      "O": "Ο", "H": "Н", "T": "Т", "A": "А"}
_OLD_TONE_RHYME = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![a-zA-Z\u0300-\u036f])")


def generate(n: int, seed: int = 1) -> list[Record]:
    """Return ``n`` records, originals and planted duplicates/look-alikes, deterministic in ``seed``."""
    rng = random.Random(seed)
    field_names = tuple(_FIELDS)
    records: list[Record] = []
    drafts: list[_Draft] = []  # the draft of every original, for the planted records to derive from
    originals: list[int] = []
    for key in range(n):
        roll = rng.random()
        if originals and roll < DUPLICATE_SHARE:
            index = rng.randrange(len(originals))
            records.append(_duplicate(rng, key, records[originals[index]], drafts[index]))
        elif originals and roll < DUPLICATE_SHARE + LOOKALIKE_SHARE and _has_distinctive(
                drafts[index := rng.randrange(len(originals))]):
            records.append(_lookalike(rng, key, records[originals[index]], drafts[index]))
        else:
            draft = _draft(rng, rng.choice(field_names))
            originals.append(key)
            drafts.append(draft)
            records.append(_record(rng, key, draft))
    return records


def planted_pairs(records: list[Record]) -> list[Pair]:
    """List the planted duplicates and look-alikes with the record each relates to."""
    return [Pair(r.key, r.of, r.kind, r.variant) for r in records if r.of is not None]


def _draft(rng: random.Random, field: str) -> _Draft:
    """Choose a pattern of ``field`` and a value for each of its slots."""
    spec = _FIELDS[field]
    pattern = rng.randrange(len(spec["patterns"]))
    names = re.findall(r"{(\w+)}", spec["patterns"][pattern])
    slots = [(name, rng.choice(spec[name])) for name in names]
    if rng.random() < UNIT_SHARE and not {"place", "site", "company", "school_name", "unit"} & set(names):
        unit = rng.choice(_UNITS[field]).format(
            place=rng.choice(_PLACES), school=rng.choice(_SCHOOL_NAMES), company=rng.choice(_COMPANIES))
        slots.append(("unit", unit))
    return _Draft(field, pattern, tuple(slots))


def _record(rng: random.Random, key: int, draft: _Draft, kind: str = "original", of: int | None = None) -> Record:
    """Render a draft into a record with a generated description."""
    spec = _FIELDS[draft.field]
    values = dict(draft.slots)
    title = spec["patterns"][draft.pattern].format(**values)
    if "unit" in values and "{unit}" not in spec["patterns"][draft.pattern]:
        title += " tại " + values["unit"]
    core = " ".join(value.lower() for name, value in draft.slots if name in spec["distinctive"]) or title.lower()
    description = " ".join((
        rng.choice(_DESCRIPTION_OPENINGS).format(problem=rng.choice(_PROBLEMS)).capitalize(),
        rng.choice(_DESCRIPTION_MIDDLES).format(core=core),
        rng.choice(_BENEFITS).format(amount=rng.randrange(5, 500), percent=rng.randrange(5, 60)),
    ))
    return Record(key, title, description, draft.field, kind, of)


def _has_distinctive(draft: _Draft) -> bool:
    """Tell whether a draft has a slot that a look-alike could change."""
    return any(name in _FIELDS[draft.field]["distinctive"] for name, _ in draft.slots)


def _lookalike(rng: random.Random, key: int, source: Record, draft: _Draft) -> Record:
    """Plant a different initiative on ``source``'s template: one distinctive slot changed."""
    spec = _FIELDS[draft.field]
    slots = list(draft.slots)
    changeable = [i for i, (name, value) in enumerate(slots) if name in spec["distinctive"]]
    i = rng.choice(changeable)
    name, value = slots[i]
    slots[i] = (name, rng.choice([other for other in spec[name] if other != value]))
    return _record(rng, key, _Draft(draft.field, draft.pattern, tuple(slots)), "lookalike", source.key)


def _duplicate(rng: random.Random, key: int, source: Record, draft: _Draft) -> Record:
    """Plant a re-spelling or restatement of ``source``."""
    variant = rng.choice(SPELLING_VARIANTS + RESTATEMENT_VARIANTS)
    title, description = source.title, source.description
    if variant == "respelled" and not _respellable(title):
        variant = "label"
    if variant == "head_word" and not any(pattern.search(title) for pattern in _HEAD_PATTERNS):
        variant = "purpose_clause"
    if variant == "modifier_dropped":
        modifiers = [value for name, value in draft.slots
                     if name in _FIELDS[draft.field]["distinctive"] and len(value.split()) >= 4 and value in title]
        if not modifiers:
            variant = "quoted"
        else:
            value = rng.choice(modifiers)
            # Syllables pair into words: dropping the last two drops the last word, not half of one.
            title = title.replace(value, value.rsplit(" ", 2)[0], 1)
            return Record(key, title, _restated_description(rng, description), source.field, "duplicate",
                          source.key, variant)
    if variant == "abbreviations" and not any(full.lower() in title.lower() for full, _ in _ABBREVIATIONS):
        variant = "synonyms"
    if variant == "synonyms" and not any(_word_in(before, title) for before, _ in _SYNONYMS):
        variant = "words_added"
    if variant == "reordered" and not any(marker in title for marker in _REORDER_MARKERS):
        variant = "words_added"
    if variant == "words_dropped" and not any(word in title for word in _DROPPABLE):
        variant = "words_added"
    if variant in SPELLING_VARIANTS:
        respell = _RESPELLINGS[variant]
        title, description = respell(rng, title), respell(rng, description)
    else:
        title = _RESTATEMENTS[variant](rng, title)
        description = _restated_description(rng, description)
    return Record(key, title, description, source.field, "duplicate", source.key, variant)


def _word_in(phrase: str, text: str) -> bool:
    """Tell whether ``phrase`` occurs in ``text`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _restated_description(rng: random.Random, description: str) -> str:
    """Keep, shorten or omit a description, as someone retyping an initiative would."""
    sentences = description.split(". ")
    choice = rng.random()
    if choice < 0.3:
        return ""
    if choice < 0.6:
        return ". ".join(sentences[1:])
    return description


def _nfd(rng: random.Random, text: str) -> str:
    """Decompose every accented letter (as some keyboards and macOS file names do)."""
    return unicodedata.normalize("NFD", text)


def _old_tones(rng: random.Random, text: str) -> str:
    """Move tone marks to the old-style position (hoá → hóa) and spell final y as i (quý → quí)."""
    decomposed = _OLD_TONE_RHYME.sub(r"\1\3\2", unicodedata.normalize("NFD", text))
    decomposed = re.sub(r"(?<=[qQ][uU])y(?=[\u0300-\u036f]*(?![a-zA-Z]))", "i", decomposed)
    return unicodedata.normalize("NFC", decomposed)


def _no_diacritics(rng: random.Random, text: str) -> str:
    """Drop every diacritic, as typed on a keyboard without a Vietnamese input method."""
    stripped = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFD", text))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _capitals(rng: random.Random, text: str) -> str:
    """Write in capitals."""
    return text.upper()


def _punctuation(rng: random.Random, text: str) -> str:
    """Add stray punctuation and spacing."""
    words = text.split(" ")
    if len(words) > 2:
        i = rng.randrange(1, len(words))
        words[i - 1] += rng.choice((",", " -", ":", " ;", "  "))
    text = " ".join(words)
    return rng.choice(("{}.", "“{}”", "- {}", "{} !", "{}...")).format(text)


def _lookalike_letters(rng: random.Random, text: str) -> str:
    """Replace one or two Latin letters with look-alikes from other scripts."""
    chars = list(text)
    positions = [i for i, char in enumerate(chars) if char in _LOOKALIKE_LETTERS]
    for i in rng.sample(positions, min(2, len(positions))):
        chars[i] = _LOOKALIKE_LETTERS[chars[i]]
    return "".join(chars)


def _abbreviations(rng: random.Random, text: str) -> str:
    """Abbreviate the usual long phrases (học sinh → HS, người lao động → NLĐ)."""
    for full, short in _ABBREVIATIONS:
        text = re.sub(re.escape(full), short, text, flags=re.IGNORECASE)
    return text


def _words_added(rng: random.Random, text: str) -> str:
    """Add a few template words before or after the title."""
    if rng.random() < 0.5:
        return rng.choice(_ADDED_WORDS_BEFORE) + text[0].lower() + text[1:]
    return text + rng.choice(_ADDED_WORDS_AFTER)


def _words_dropped(rng: random.Random, text: str) -> str:
    """Drop a template word group."""
    shorter = text.replace(rng.choice([word for word in _DROPPABLE if word in text]), " ", 1).strip()
    return shorter[0].upper() + shorter[1:]


def _reordered(rng: random.Random, text: str) -> str:
    """Move the trailing place, target or purpose clause to the front."""
    for marker in _REORDER_MARKERS:
        head, found, tail = text.rpartition(marker)
        if found and head:
            return f"{marker.strip().capitalize()} {tail}, {head[0].lower()}{head[1:]}"
    raise ValueError(f"nothing to reorder in {text!r}")


def _synonyms(rng: random.Random, text: str) -> str:
    """Replace one or two phrases with a near-synonym."""
    options = [(before, after) for before, after in _SYNONYMS if _word_in(before, text)]
    for before, after in rng.sample(options, min(2, len(options))):
        text = re.sub(rf"(?<!\w){re.escape(before)}(?!\w)", after, text, count=1)
    return text


_RESPELLINGS = {
    "nfd": _nfd, "old_tones": _old_tones, "no_diacritics": _no_diacritics, "capitals": _capitals,
    "punctuation": _punctuation, "lookalike_letters": _lookalike_letters, "abbreviations": _abbreviations,
}
_PURPOSES = ("giảm chi phí sản xuất", "tăng năng suất lao động", "tiết kiệm thời gian",
             "bảo đảm an toàn cho người lao động", "nâng cao chất lượng phục vụ", "giảm sức lao động",
             "hạn chế sai sót", "giảm tiêu hao nhiên liệu")
_PURPOSE_MARKERS = (" nhằm ", " để ", " với mục đích ", " góp phần ")
_HEAD_WORDS = ("máy ", "hệ thống ", "phần mềm ", "thiết bị ", "bộ ", "cơ cấu ", "công cụ ")
_LABELS = ("Đề tài: ", "Sáng kiến: ", "Tên sáng kiến: ", "Giải pháp: ", "Đề tài - ")
_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"), ("'", "'"))
# Loanwords written as separate syllables, and the spellings they are also found in.
_LOANWORDS = {"xi lanh": ("xilanh", "xi-lanh", "xy lanh"), "bu lông": ("bulông", "bu-lông"),
              "ắc quy": ("ắc-quy", "ắcquy", "ắc qui"), "pít tông": ("pít-tông", "pittông"), "mô tơ": ("môtơ", "mô-tơ"),
              "pa lăng": ("palăng", "pa-lăng"), "Zalo": ("Za lo",), "kỹ": ("kĩ",), "lý": ("lí",), "Mĩ": ("Mỹ",),
              "quý": ("quí",)}


def _respellable(text: str) -> list[str]:
    """Return the loanwords and y/i syllables of ``text`` that can be written another way."""
    return [word for word in _LOANWORDS if _word_in(word, text)]


def _respelled(rng: random.Random, text: str) -> str:
    """Join, split or hyphenate a loanword, or write y for i (or i for y) in a syllable."""
    word = rng.choice(_respellable(text))
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", rng.choice(_LOANWORDS[word]), text, count=1)


def _purpose_clause(rng: random.Random, text: str) -> str:
    """Add a purpose clause, or reword or drop the one there is."""
    for marker in _PURPOSE_MARKERS:
        head, found, tail = text.partition(marker)
        if found and head:
            if rng.random() < 0.5:
                return head
            return head + rng.choice([other for other in _PURPOSE_MARKERS if other != marker]) + tail
    return text + rng.choice(_PURPOSE_MARKERS[:3]) + rng.choice(_PURPOSES)


# A head word followed by what it names ("máy" of "máy phay", not of "nhà máy").
_HEAD_PATTERNS = [re.compile(rf"(?<!\w)(?<!nhà )(?<!Nhà ){re.escape(word)}(?=\w)", re.IGNORECASE)
                  for word in _HEAD_WORDS]


def _head_word(rng: random.Random, text: str) -> str:
    """Drop a head noun ("máy", "hệ thống", "phần mềm"…) before what it names."""
    pattern = rng.choice([pattern for pattern in _HEAD_PATTERNS if pattern.search(text)])
    shorter = pattern.sub("", text, count=1).strip()
    return shorter[0].upper() + shorter[1:]


def _label(rng: random.Random, text: str) -> str:
    """Put a label in front of the title."""
    return rng.choice(_LABELS) + text


def _quoted(rng: random.Random, text: str) -> str:
    """Put quotation marks around two to four words of the title after its first word."""
    words = text.split(" ")
    if len(words) < 4:
        return "“" + text + "”"
    size = rng.randint(2, min(4, len(words) - 1))
    start = rng.randrange(1, len(words) - size + 1)
    opening, closing = rng.choice(_QUOTES)
    words[start] = opening + words[start]
    words[start + size - 1] += closing
    return " ".join(words)


_RESTATEMENTS = {
    "words_added": _words_added, "words_dropped": _words_dropped, "reordered": _reordered,
    "synonyms": _synonyms, "purpose_clause": _purpose_clause, "head_word": _head_word, "label": _label,
    "quoted": _quoted, "respelled": _respelled,
}
