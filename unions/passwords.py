"""Password rules a union office can live with (pure): long enough, not a common one, not one's own name or number.

No rules on character classes: a long phrase ("cong doan truong le loi 2026") beats "P@ssw0rd", and people who must
add a symbol write it down. What is refused instead is what guessers try first: the passwords everyone uses, the
same few characters repeated, and the person's own phone number, e-mail or name.
"""

from core.text import fold

MIN_LENGTH = 8

# Passwords guessers try first: the most used ones worldwide and their Vietnamese counterparts (folded: lower case,
# no diacritics, no spaces). A password is refused when its folded form is one of these.
_COMMON_TEXT = """
123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 111111 1111111 11111111 000000
00000000 123123 123123123 112233 11223344 121212 123321 654321 666666 696969 777777 888888 88888888 999999
99999999 147258369 159753 159357 123654 123qwe 1q2w3e 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qwerty qwerty123 qwertyuiop
qwer1234 asdfgh asdfghjk asdfghjkl zxcvbn zxcvbnm abc123 abcd1234 abcdef abcdefgh a123456 a1234567 a12345678
aa123456 password password1 password123 passw0rd p@ssword p@ssw0rd pass1234 admin admin123 admin1234
administrator root toor welcome welcome1 welcome123 letmein iloveyou iloveyou1 monkey dragon master sunshine
princess football baseball superman batman trustno1 starwars whatever freedom shadow michael jennifer computer
internet secret changeme default guest login test test123 test1234 testing hello hello123 hellokitty loveyou
lovely matkhau matkhau1 matkhau123 matkhaumoi matkhau@123 doimatkhau anhyeuem anhyeuem1 anhyeuem123 emyeuanh
emyeuanh123 yeuem yeuanh yeuemnhieu iloveu saigon hanoi hanoi123 vietnam vietnam123 vietnam1 tphcm congdoan
congdoan123 congdoan1 doanvien doanvien123 sangkien sangkien123 tongliendoan ldld laodong laodong123 nguyen
nguyen123 nguyenvan tran tran123 le123 pham pham123 hoang hoang123 huynh phan vu vo dang bui do ho ngo duong ly
12345678a 123456789a 123456aa 123456abc abc12345 abc123456 a1b2c3d4 a1b2c3 zaq12wsx qazwsx qazwsxedc 1qazxsw2
asd123 asd12345 qwe123 qwe12345 zxc123 zxc12345 aaaaaa aaaaaaaa abcabc abcabcabc 20202020 20212021 20222022
20232023 20242024 20252025 20262026 2020 2021 2022 2023 2024 2025 2026 01012000 01011990 12345678910 1234512345
1357924680 0987654321 0912345678 0123456 01234567 012345678 123abc 123456a 1234abcd 1234qwer 12qwaszx 5201314
1314520 woaini woaini1314 88888888a
"""
COMMON = frozenset(_COMMON_TEXT.split())


def _squeezed(text: str) -> str:
    """Fold text as the comparisons need it: lower case, no diacritics, no spaces or punctuation."""
    return "".join(fold(text or "").split())


_COMMON_SQUEEZED = frozenset(_squeezed(word) for word in COMMON)


def password_problem(password: str, personal: tuple[str, ...] = ()) -> str | None:
    """Return why password is refused ("short", "common", "repetitive", "personal"), or None when it will do.

    personal holds what anyone who knows the person knows: their name, phone number, e-mail address.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        return "short"
    squeezed = _squeezed(password)
    if squeezed in _COMMON_SQUEEZED:
        return "common"
    if len(set(squeezed or password)) < 4:
        return "repetitive"
    for value in personal:
        for known in {_squeezed(value), _squeezed((value or "").split("@")[0])}:
            # The value itself, or the value with a few characters added ("lan1990", "0912345678a").
            if len(known) >= 4 and known in squeezed and len(squeezed) - len(known) < 4:
                return "personal"
    return None
