// Text encodings for the web: URL percent-encoding, HTML character
// references and Base64 (RFC 4648 sections 5 and 6, through nettle).
// Strings travel as UTF-8: url-encode and base64-encode encode a string's
// UTF-8 bytes, the decoders decode the bytes they produce as UTF-8 (bytes
// that are not valid UTF-8 become U+DCxx characters, as everywhere).
#include <nettle/base64.h>

#include <cstring>

#include "text.hpp"

namespace tine {

static std::u32string_view text_arg(val v, const char *self) { return sv(str_checked(v, self)); }

static int hex_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

// ---- URL encoding ----------------------------------------------------------------------------

// Bytes written as %XX: controls, space, 127 and up, and the printable
// characters with a meaning in URLs.
static bool url_escaped(unsigned char b) { return b <= ' ' || b >= 127 || strchr(":/?#[]@!$&'()*+,;=%", b); }

static val bi_url_encode(const Args &a) {
  std::string bytes = utf8_encode(text_arg(a[0], a.name()));
  bool space_plus = !missing(a[1]) && a[1];
  std::string out;
  for (unsigned char b : bytes) {
    if (b == ' ' && space_plus) {
      out.push_back('+');
    } else if (url_escaped(b)) {
      char esc[4];
      snprintf(esc, sizeof esc, "%%%02X", unsigned(b));
      out += esc;
    } else {
      out.push_back(char(b));
    }
  }
  return mkstr_utf8(out);
}

// A % not followed by two hex digits stays as it is.
static val bi_url_decode(const Args &a) {
  std::string bytes = utf8_encode(text_arg(a[0], a.name()));
  bool space_plus = !missing(a[1]) && a[1];
  std::string out;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    int hi, lo;
    if (c == '%' && i + 2 < bytes.size() && (hi = hex_value(char32_t(bytes[i + 1]))) >= 0 &&
        (lo = hex_value(char32_t(bytes[i + 2]))) >= 0) {
      out.push_back(char(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c == '+' && space_plus ? ' ' : c);
    }
  }
  return mkstr_utf8(out);
}

// ---- HTML character references ------------------------------------------------------------

static void put_ascii(std::u32string &out, const char *s) {
  while (*s) out.push_back(char32_t(*s++));
}

static val html_encode(const Args &a, bool quotes) {
  std::u32string out;
  for (char32_t c : text_arg(a[0], a.name())) {
    switch (c) {
      case '<': put_ascii(out, "&lt;"); break;
      case '>': put_ascii(out, "&gt;"); break;
      case '&': put_ascii(out, "&amp;"); break;
      case '"':
        if (quotes) {
          put_ascii(out, "&quot;");
          break;
        }
        out.push_back(c);
        break;
      case '\'':
        if (quotes) {
          put_ascii(out, "&#39;");
          break;
        }
        out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
  return mkstr(out);
}

static val bi_html_encode(const Args &a) { return html_encode(a, true); }
static val bi_html_encode_star(const Args &a) { return html_encode(a, false); }

// The named references: HTML 4.01's, and XML's &apos;.
static const struct {
  const char *name;
  char32_t c;
} html_entities[] = {
#include "html_entities.inc"
};

// The character a reference body (between & and ;) stands for, or -1.
static int64_t html_reference(std::u32string_view body) {
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x';  // lower-case x only, as TXR reads them
    size_t start = hex ? 2 : 1;
    if (start >= body.size()) return -1;
    int64_t v = 0;
    for (size_t i = start; i < body.size(); ++i) {
      int d = hex_value(body[i]);
      if (d < 0 || (!hex && d > 9)) return -1;
      v = v * (hex ? 16 : 10) + d;
      if (v > 0x10FFFF) return -1;
    }
    return v;
  }
  for (const auto &e : html_entities)
    if (body.size() == strlen(e.name) && std::equal(body.begin(), body.end(), e.name)) return int64_t(e.c);
  return -1;
}

// A reference that is not recognized, or has no ;, stays as written.  A
// character reference to 0 adds nothing.
static val bi_html_decode(const Args &a) {
  std::u32string_view s = text_arg(a[0], a.name());
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t semi;
    if (s[i] != '&' || (semi = s.find(';', i + 1)) == s.npos) {
      out.push_back(s[i]);
      continue;
    }
    int64_t c = html_reference(s.substr(i + 1, semi - i - 1));
    if (c < 0) {
      out.push_back(s[i]);
      continue;
    }
    if (c != 0) out.push_back(char32_t(c));
    i = semi;
  }
  return mkstr(out);
}

// ---- Base64 -------------------------------------------------------------------------------

// The bytes of a string (as UTF-8) or a buf.
static std::string bytes_arg(val v, const char *self) {
  if (is(v, T::Buf)) return std::string(reinterpret_cast<const char *>(buf_of(v)->data), buf_of(v)->len);
  if (stringp(v)) return utf8_encode(text_arg(v, self));
  type_err(self, v, "a string or buf");
}

static val base64_encode(const Args &a, bool url) {
  std::string in = bytes_arg(a[0], a.name());
  intptr_t width = missing(a[1]) || !a[1] ? 0 : c_fixnum(a[1], a.name());
  if (width < 0) range_err(a.name(), "negative column width", a[1]);
  base64_encode_ctx ctx;
  if (url)
    base64url_encode_init(&ctx);
  else
    base64_encode_init(&ctx);
  std::string enc(BASE64_ENCODE_LENGTH(in.size()) + BASE64_ENCODE_FINAL_LENGTH, '\0');
  size_t n = base64_encode_update(&ctx, enc.data(), in.size(), reinterpret_cast<const uint8_t *>(in.data()));
  n += base64_encode_final(&ctx, enc.data() + n);
  enc.resize(n);
  if (width == 0 || enc.empty()) return mkstr_utf8(enc);
  // Lines of width characters, each ended by a newline.
  std::string out;
  for (size_t i = 0; i < enc.size(); i += size_t(width)) {
    out.append(enc, i, size_t(width));
    out.push_back('\n');
  }
  return mkstr_utf8(out);
}

static bool base64_char(char32_t c, bool url) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == char32_t(url ? '-' : '+') ||
         c == char32_t(url ? '_' : '/');
}

static const char *base64_alphabet(bool url) {
  return url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

// In a last group of two (three) characters, the last one's low 4 (2)
// bits are not part of any byte.
static void clear_spare_bits(std::string &code, bool url) {
  const char *abc = base64_alphabet(url);
  char &last = code.back();
  int v = int(strchr(abc, last) - abc);
  v &= code.size() % 4 == 2 ? 0x30 : 0x3C;
  last = abc[v];
}

// The coded characters up to the first one that is not Base64 (blanks
// skipped, padding dropped and restored), decoded by nettle.
static std::string base64_decode_bytes(val v, bool url, const char *self) {
  std::string code;
  for (char32_t c : text_arg(v, self)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '=') continue;
    if (!base64_char(c, url)) break;
    code.push_back(char(c));
  }
  // TXR decodes whatever bits there are: a lone last character gives a byte
  // of its six bits, and bits past the last whole byte are dropped (nettle
  // wants them zero).
  if (code.size() % 4 == 1) code.push_back('A');
  if (code.size() % 4) clear_spare_bits(code, url);
  while (code.size() % 4) code.push_back('=');
  base64_decode_ctx ctx;
  if (url)
    base64url_decode_init(&ctx);
  else
    base64_decode_init(&ctx);
  std::string out(BASE64_DECODE_LENGTH(code.size()), '\0');
  size_t n = out.size();
  if (!base64_decode_update(&ctx, &n, reinterpret_cast<uint8_t *>(out.data()), code.size(), code.data()) ||
      !base64_decode_final(&ctx))
    errorf(s_error, "~a: invalid Base64 data", self);
  out.resize(n);
  return out;
}

static val base64_decode_buf(const Args &a, bool url) {
  std::string bytes = base64_decode_bytes(a[0], url, a.name());
  val b = make_buf(bytes.size(), 0);
  memcpy(buf_of(b)->data, bytes.data(), bytes.size());
  return b;
}

static val bi_base64_encode(const Args &a) { return base64_encode(a, false); }
static val bi_base64url_encode(const Args &a) { return base64_encode(a, true); }
static val bi_base64_decode(const Args &a) { return mkstr_utf8(base64_decode_bytes(a[0], false, a.name())); }
static val bi_base64url_decode(const Args &a) { return mkstr_utf8(base64_decode_bytes(a[0], true, a.name())); }
static val bi_base64_decode_buf(const Args &a) { return base64_decode_buf(a, false); }
static val bi_base64url_decode_buf(const Args &a) { return base64_decode_buf(a, true); }

static const BuiltinDef webcode_builtins[] = {
    {"url-encode", 1, 1, false, bi_url_encode},
    {"url-decode", 1, 1, false, bi_url_decode},
    {"html-encode", 1, 0, false, bi_html_encode},
    {"html-encode*", 1, 0, false, bi_html_encode_star},
    {"html-decode", 1, 0, false, bi_html_decode},
    {"base64-encode", 1, 1, false, bi_base64_encode},
    {"base64-decode", 1, 0, false, bi_base64_decode},
    {"base64-decode-buf", 1, 0, false, bi_base64_decode_buf},
    {"base64url-encode", 1, 1, false, bi_base64url_encode},
    {"base64url-decode", 1, 0, false, bi_base64url_decode},
    {"base64url-decode-buf", 1, 0, false, bi_base64url_decode_buf},
};

void init_webcode() { register_builtins(webcode_builtins); }

}  // namespace tine
