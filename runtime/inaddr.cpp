// IP addresses as text: str-inaddr, str-in6addr (RFC 5952), their -net
// forms (RFC 4632, RFC 4291), and the parsers inaddr-str and in6addr-str,
// which return sockaddr-in and sockaddr-in6 structures.
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "number.hpp"
#include "socket.hpp"

namespace tine {

using u128 = unsigned __int128;

val u128_val(u128 v) {
  if (v <= u128(UINT64_MAX)) return mkuint(uint64_t(v));
  Big *b = new_big();
  uint64_t words[2] = {uint64_t(v), uint64_t(v >> 64)};
  mpz_import(b->z, 2, -1, sizeof(uint64_t), 0, 0, words);
  return big_normalize(b);
}

u128 c_u128(val v, const char *self) {
  if (is_fixnum(v)) {
    if (fixval(v) < 0) range_err(self, "negative address", v);
    return u128(fixval(v));
  }
  if (!is(v, T::Big)) type_err(self, v, "an integer");
  mpz_ptr z = static_cast<Big *>(v)->z;
  if (mpz_sgn(z) < 0 || mpz_sizeinbase(z, 2) > 128) range_err(self, "address out of range:", v);
  uint64_t words[2] = {0, 0};
  mpz_export(words, nullptr, -1, sizeof(uint64_t), 0, 0, z);
  return u128(words[0]) | (u128(words[1]) << 64);
}

// ---- to text ---------------------------------------------------------------------------------

static std::string dotted(uint32_t a, int octets) {
  std::string s;
  for (int i = 0; i < octets; ++i) {
    if (i) s += '.';
    s += std::to_string((a >> (24 - 8 * i)) & 0xff);
  }
  return s;
}

static int trailing_zero_bits(u128 a, int width) {
  int n = 0;
  while (n < width && !((a >> n) & 1)) ++n;
  return n;
}

// The condensed IPv4 prefix: the octets up to the last nonzero one.
static std::string inaddr_net(uint32_t a, int *width) {
  int tz = trailing_zero_bits(a, 32);
  if (*width < 0) *width = 32 - tz;
  int octets = 4 - tz / 8;
  return dotted(a, octets < 1 ? 1 : octets);
}

static char hexdigit(unsigned d) { return "0123456789abcdef"[d & 15]; }

static std::string hex_piece(unsigned p) {
  std::string s;
  bool started = false;
  for (int sh = 12; sh >= 0; sh -= 4) {
    unsigned d = (p >> sh) & 15;
    if (d || started || sh == 0) s += hexdigit(d), started = true;
  }
  return s;
}

static bool v4_mapped(u128 a) { return (a >> 32) == 0xffff; }

// RFC 5952: lower case, no leading zeros, the longest run (two or more) of
// zero pieces as "::" (the first of equal runs), v4-mapped as ::ffff:a.b.c.d.
static std::string in6addr_text(u128 a) {
  if (v4_mapped(a)) return "::ffff:" + dotted(uint32_t(a), 4);
  unsigned p[8];
  for (int i = 0; i < 8; ++i) p[i] = unsigned((a >> (112 - 16 * i)) & 0xffff);
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (p[i]) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && !p[j]) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j;
  }
  std::string s;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      s += "::";
      i += best_len - 1;
      continue;
    }
    if (!s.empty() && s.back() != ':') s += ':';
    s += hex_piece(p[i]);
  }
  return s;
}

static std::string in6addr_net(u128 a, int *width) {
  int tz = trailing_zero_bits(a, 128);
  if (*width < 0) *width = 128 - tz;
  if (v4_mapped(a)) {
    int w4 = -1;
    return "::ffff:" + inaddr_net(uint32_t(a), &w4);
  }
  if ((a << 16) == 0) return hex_piece(unsigned(a >> 112));  // "1000/4"
  return in6addr_text(a);
}

static int opt_int(val v, int lo, int hi, const char *self) {
  return missing(v) || !v ? -1 : int(c_int_range(v, lo, hi, self));
}

static val bi_str_inaddr(const Args &a) {
  uint32_t addr = uint32_t(c_int_range(a[0], 0, UINT32_MAX, a.name()));
  int port = opt_int(a[1], 0, 65535, a.name());
  std::string s = dotted(addr, 4);
  if (port >= 0) s += ":" + std::to_string(port);
  return mkstr_utf8(s);
}

static val bi_str_in6addr(const Args &a) {
  std::string s = in6addr_text(c_u128(a[0], a.name()));
  int port = opt_int(a[1], 0, 65535, a.name());
  if (port >= 0) s = "[" + s + "]:" + std::to_string(port);
  return mkstr_utf8(s);
}

static val bi_str_inaddr_net(const Args &a) {
  uint32_t addr = uint32_t(c_int_range(a[0], 0, UINT32_MAX, a.name()));
  int width = opt_int(a[1], 0, 32, a.name());
  std::string s = inaddr_net(addr, &width);
  return mkstr_utf8(s + "/" + std::to_string(width));
}

static val bi_str_in6addr_net(const Args &a) {
  int width = opt_int(a[1], 0, 128, a.name());
  std::string s = in6addr_net(c_u128(a[0], a.name()), &width);
  return mkstr_utf8(s + "/" + std::to_string(width));
}

// ---- from text ------------------------------------------------------------------------------------

[[noreturn]] static void bad_address(const char *self, val text) {
  errorf(s_error, "~a: invalid address ~s", self, text);
}

// A decimal number of 1..max_digits digits in [0, max] at *p.
static bool parse_dec(const char *&p, unsigned max, unsigned *out) {
  if (*p < '0' || *p > '9') return false;
  unsigned long v = 0;
  while (*p >= '0' && *p <= '9') {
    v = v * 10 + unsigned(*p++ - '0');
    if (v > max) return false;
  }
  *out = unsigned(v);
  return true;
}

// Dotted octets (MIN_OCTETS..4 of them) at *p, left-aligned in *addr.
static bool parse_octets(const char *&p, int min_octets, uint32_t *addr, int *count) {
  uint32_t a = 0;
  int n = 0;
  for (;;) {
    unsigned o;
    if (!parse_dec(p, 255, &o)) return false;
    a |= uint32_t(o) << (24 - 8 * n);
    ++n;
    if (*p != '.' || n == 4) break;
    ++p;
  }
  if (n < min_octets) return false;
  *addr = a;
  *count = n;
  return true;
}

static val bi_inaddr_str(const Args &a) {
  std::string text = utf8(str_checked(a[0], a.name()));
  const char *p = text.c_str();
  uint32_t addr;
  int n;
  // Without a prefix all four octets are needed: try the short form only
  // when a "/" follows.
  const char *start = p;
  if (!parse_octets(p, 1, &addr, &n)) bad_address(a.name(), a[0]);
  unsigned prefix = 32, port = 0;
  if (*p == '/') {
    ++p;
    if (!parse_dec(p, 32, &prefix)) bad_address(a.name(), a[0]);
    if (prefix < 32) addr &= prefix ? ~uint32_t(0) << (32 - prefix) : 0;
  } else if (n != 4) {
    bad_address(a.name(), a[0]);
  }
  if (*p == ':') {
    ++p;
    if (!parse_dec(p, 65535, &port)) bad_address(a.name(), a[0]);
  }
  if (*p || p == start) bad_address(a.name(), a[0]);
  return make_sockaddr_in(addr, int(port), int(prefix), a.name());
}

// Colon-separated hex pieces of 1 to 4 digits (an empty string is no pieces).
static bool hex_pieces(const std::string &s, std::vector<unsigned> *out) {
  if (s.empty()) return true;
  size_t i = 0;
  for (;;) {
    size_t j = s.find(':', i);
    std::string piece = s.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (piece.empty() || piece.size() > 4) return false;
    unsigned v = 0;
    for (char c : piece) {
      if (!isxdigit(uint8_t(c))) return false;
      v = v * 16 + unsigned(isdigit(uint8_t(c)) ? c - '0' : tolower(c) - 'a' + 10);
    }
    out->push_back(v);
    if (j == std::string::npos) return true;
    i = j + 1;
  }
}

// Eight pieces, or fewer around one "::"; or ::ffff: and dotted octets.
static bool parse_in6(const std::string &s, u128 *out) {
  size_t gap = s.find("::");
  if (gap != std::string::npos && s.find("::", gap + 1) != std::string::npos) return false;
  if (s.find('.') != std::string::npos) {
    std::string low;
    for (char c : s) low += char(tolower(c));
    size_t i = 0;
    if (low.compare(0, 2, "::") != 0) return false;
    i = 2;
    while (low[i] == '0') ++i;
    if (low.compare(i, 5, "ffff:") != 0) return false;
    const char *p = s.c_str() + i + 5;
    uint32_t v4;
    int n;
    if (!parse_octets(p, 4, &v4, &n) || *p) return false;
    *out = (u128(0xffff) << 32) | v4;
    return true;
  }
  std::vector<unsigned> left, right;
  if (gap == std::string::npos) {
    if (!hex_pieces(s, &left) || left.size() != 8) return false;
  } else {
    if (!hex_pieces(s.substr(0, gap), &left) || !hex_pieces(s.substr(gap + 2), &right)) return false;
    if (left.size() + right.size() >= 8) return false;
  }
  u128 v = 0;
  for (size_t i = 0; i < left.size(); ++i) v |= u128(left[i]) << (112 - 16 * i);
  for (size_t i = 0; i < right.size(); ++i) v |= u128(right[i]) << (16 * (right.size() - 1 - i));
  *out = v;
  return true;
}

static val bi_in6addr_str(const Args &a) {
  std::string text = utf8(str_checked(a[0], a.name()));
  const char *p = text.c_str();
  bool bracket = *p == '[';
  if (bracket) ++p;
  const char *end = p + strcspn(p, "/]");
  u128 addr;
  if (!parse_in6(std::string(p, end), &addr)) bad_address(a.name(), a[0]);
  p = end;
  unsigned prefix = 128, port = 0;
  if (*p == '/') {
    ++p;
    if (!parse_dec(p, 128, &prefix)) bad_address(a.name(), a[0]);
    if (prefix < 128) addr &= prefix ? ~u128(0) << (128 - prefix) : 0;
  }
  if (bracket) {
    if (p[0] != ']' || p[1] != ':') bad_address(a.name(), a[0]);
    p += 2;
    if (!parse_dec(p, 65535, &port)) bad_address(a.name(), a[0]);
  }
  if (*p) bad_address(a.name(), a[0]);
  return make_sockaddr_in6(addr, int(port), int(prefix), a.name());
}

static const BuiltinDef inaddr_builtins[] = {
    {"str-inaddr", 1, 1, false, bi_str_inaddr},         {"str-in6addr", 1, 1, false, bi_str_in6addr},
    {"str-inaddr-net", 1, 1, false, bi_str_inaddr_net}, {"str-in6addr-net", 1, 1, false, bi_str_in6addr_net},
    {"inaddr-str", 1, 0, false, bi_inaddr_str},         {"in6addr-str", 1, 0, false, bi_in6addr_str},
};

void init_inaddr() { register_builtins(inaddr_builtins); }

}  // namespace tine
