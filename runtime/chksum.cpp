// Checksums and digests: CRC-32 (zlib) and MD5, SHA-1, SHA-256 (nettle),
// over strings (their UTF-8), bufs and streams, in one call or in steps.
#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>

#include "lisp.hpp"
#include "number.hpp"
#include "printer.hpp"
#include "stream.hpp"

namespace tine {

// ---- the three digests behind one interface -------------------------------------

enum class Alg : uint8_t { Md5, Sha1, Sha256 };

struct DigestCtx : Obj {
  Alg alg;
  union {
    md5_ctx md5;
    sha1_ctx sha1;
    sha256_ctx sha256;
  };
};

struct AlgInfo {
  const char *name;   // "md5"
  const char *label;  // "MD5", for messages
  size_t size;        // digest bytes
};

static const AlgInfo algs[] = {
    {"md5", "MD5", MD5_DIGEST_SIZE},
    {"sha1", "SHA-1", SHA1_DIGEST_SIZE},
    {"sha256", "SHA-256", SHA256_DIGEST_SIZE},
};

static const AlgInfo &info(Alg a) { return algs[int(a)]; }

static void ctx_init(DigestCtx *c) {
  switch (c->alg) {
    case Alg::Md5: md5_init(&c->md5); break;
    case Alg::Sha1: sha1_init(&c->sha1); break;
    case Alg::Sha256: sha256_init(&c->sha256); break;
  }
}

static void ctx_update(DigestCtx *c, const uint8_t *p, size_t n) {
  switch (c->alg) {
    case Alg::Md5: md5_update(&c->md5, n, p); break;
    case Alg::Sha1: sha1_update(&c->sha1, n, p); break;
    case Alg::Sha256: sha256_update(&c->sha256, n, p); break;
  }
}

// Finish into out (info(alg).size bytes); nettle's digest functions also
// reset the context for the next message.
static void ctx_final(DigestCtx *c, uint8_t *out) {
  switch (c->alg) {
    case Alg::Md5: md5_digest(&c->md5, MD5_DIGEST_SIZE, out); break;
    case Alg::Sha1: sha1_digest(&c->sha1, SHA1_DIGEST_SIZE, out); break;
    case Alg::Sha256: sha256_digest(&c->sha256, SHA256_DIGEST_SIZE, out); break;
  }
}

static DigestCtx *new_ctx(Alg alg) {
  // The context holds no Lisp values: unscanned memory.
  DigestCtx *c = static_cast<DigestCtx *>(gc_atomic(sizeof(DigestCtx)));
  c->type = T::Digest;
  c->alg = alg;
  ctx_init(c);
  return c;
}

// ---- inputs -------------------------------------------------------------------------

// The bytes of a string (UTF-8) or buf, passed to fn; false for other types.
template <class Fn>
static bool with_bytes(val obj, Fn &&fn) {
  if (is(obj, T::Buf)) {
    fn(buf_of(obj)->data, buf_of(obj)->len);
    return true;
  }
  if (stringp(obj)) {
    std::string s = utf8(obj);
    fn(reinterpret_cast<const uint8_t *>(s.data()), s.size());
    return true;
  }
  return false;
}

[[noreturn]] static void cannot_hash(const char *self, val obj) {
  errorf(s_error, "~a: cannot hash ~s, only buffer and strings", self, obj);
}

// Read up to nbytes (missing: to the end) from a stream, block by block.
template <class Fn>
static void read_stream(val stream, val nbytes, const char *self, Fn &&fn) {
  Stream *s = stream_checked(stream, self);
  uint64_t left = missing(nbytes) || !nbytes ? UINT64_MAX : c_uint64(nbytes, self);
  uint8_t block[8192];
  while (left > 0) {
    size_t n = 0;
    size_t want = left < sizeof block ? size_t(left) : sizeof block;
    int b;
    while (n < want && (b = s->get_byte()) >= 0) block[n++] = uint8_t(b);
    if (n == 0) break;
    fn(block, n);
    left -= n;
    if (n < want) break;
  }
}

// The result buffer: the caller's (checked for size) or a new one.
static val digest_out(val buf, Alg alg, const char *self) {
  size_t need = info(alg).size;
  if (missing(buf) || !buf) return make_buf(need, 0);
  if (!is(buf, T::Buf)) type_err(self, buf, "a buf");
  if (buf_of(buf)->len < need) errorf(s_error, "~a: buffer ~s too small for ~a hash", self, buf, info(alg).label);
  return buf;
}

static val finish(DigestCtx *c, val buf, const char *self) {
  val out = digest_out(buf, c->alg, self);
  ctx_final(c, buf_of(out)->data);
  return out;
}

// ---- digest builtins ----------------------------------------------------------------

static val digest_obj(Alg alg, const Args &a) {
  DigestCtx *c = new_ctx(alg);
  if (!with_bytes(a[0], [&](const uint8_t *p, size_t n) { ctx_update(c, p, n); })) cannot_hash(a.name(), a[0]);
  return finish(c, a[1], a.name());
}

static val digest_stream(Alg alg, const Args &a) {
  DigestCtx *c = new_ctx(alg);
  read_stream(a[0], a[1], a.name(), [&](const uint8_t *p, size_t n) { ctx_update(c, p, n); });
  return finish(c, a[2], a.name());
}

static DigestCtx *ctx_checked(val v, Alg alg, const char *self) {
  if (!is(v, T::Digest) || static_cast<DigestCtx *>(v)->alg != alg) {
    std::string what = std::string("a ") + info(alg).name + "-ctx";
    type_err(self, v, what.c_str());
  }
  return static_cast<DigestCtx *>(v);
}

// (X-hash ctx obj): obj is a string, character, buf or byte value.
static val digest_hash(Alg alg, const Args &a) {
  DigestCtx *c = ctx_checked(a[0], alg, a.name());
  val obj = a[1];
  if (is_chr(obj)) obj = mkstr(std::u32string(1, chrval(obj)));
  if (integerp(obj)) {
    if (!is_fixnum(obj) || fixval(obj) < 0 || fixval(obj) > 255)
      errorf(s_error, "~a: byte value ~s out of range", a.name(), obj);
    uint8_t byte = uint8_t(fixval(obj));
    ctx_update(c, &byte, 1);
  } else if (!with_bytes(obj, [&](const uint8_t *p, size_t n) { ctx_update(c, p, n); })) {
    cannot_hash(a.name(), obj);
  }
  return a[1];
}

static val digest_end(Alg alg, const Args &a) { return finish(ctx_checked(a[0], alg, a.name()), a[1], a.name()); }

#define DIGEST_FAMILY(NAME, ALG)                                                 \
  static val bi_##NAME(const Args &a) { return digest_obj(ALG, a); }             \
  static val bi_##NAME##_stream(const Args &a) { return digest_stream(ALG, a); } \
  static val bi_##NAME##_begin(const Args &) { return new_ctx(ALG); }            \
  static val bi_##NAME##_hash(const Args &a) { return digest_hash(ALG, a); }     \
  static val bi_##NAME##_end(const Args &a) { return digest_end(ALG, a); }

DIGEST_FAMILY(md5, Alg::Md5)
DIGEST_FAMILY(sha1, Alg::Sha1)
DIGEST_FAMILY(sha256, Alg::Sha256)

// ---- CRC-32 ---------------------------------------------------------------------------

static uLong crc_prev(val v, const char *self) {
  if (missing(v) || !v) return 0;
  uint64_t n = c_uint64(v, self);
  if (n > 0xFFFFFFFFu) errorf(s_error, "~a: value ~s is out of unsigned 32 bit range", self, v);
  return uLong(n);
}

// zlib takes lengths as uInt: feed large inputs in pieces.
static uLong crc_update(uLong crc, const uint8_t *p, size_t n) {
  while (n > 0) {
    uInt piece = n > 0x40000000u ? 0x40000000u : uInt(n);
    crc = crc32(crc, p, piece);
    p += piece;
    n -= piece;
  }
  return crc;
}

static val bi_crc32(const Args &a) {
  uLong crc = crc_prev(a[1], a.name());
  if (!with_bytes(a[0], [&](const uint8_t *p, size_t n) { crc = crc_update(crc, p, n); })) cannot_hash(a.name(), a[0]);
  return mkuint(crc);
}

static val bi_crc32_stream(const Args &a) {
  uLong crc = crc_prev(a[2], a.name());
  read_stream(a[0], a[1], a.name(), [&](const uint8_t *p, size_t n) { crc = crc_update(crc, p, n); });
  return mkuint(crc);
}

static void print_digest(val obj, std::u32string &out, bool) {
  char text[64];
  snprintf(text, sizeof text, "#<%s-ctx: %lx>", info(static_cast<DigestCtx *>(obj)->alg).name,
           static_cast<unsigned long>(reinterpret_cast<uintptr_t>(obj)));
  for (const char *p = text; *p; ++p) out.push_back(char32_t(*p));
}

static const BuiltinDef chksum_builtins[] = {
    {"crc32", 1, 1, false, bi_crc32},
    {"crc32-stream", 1, 2, false, bi_crc32_stream},
    {"md5", 1, 1, false, bi_md5},
    {"md5-stream", 1, 2, false, bi_md5_stream},
    {"md5-begin", 0, 0, false, bi_md5_begin},
    {"md5-hash", 2, 0, false, bi_md5_hash},
    {"md5-end", 1, 1, false, bi_md5_end},
    {"sha1", 1, 1, false, bi_sha1},
    {"sha1-stream", 1, 2, false, bi_sha1_stream},
    {"sha1-begin", 0, 0, false, bi_sha1_begin},
    {"sha1-hash", 2, 0, false, bi_sha1_hash},
    {"sha1-end", 1, 1, false, bi_sha1_end},
    {"sha256", 1, 1, false, bi_sha256},
    {"sha256-stream", 1, 2, false, bi_sha256_stream},
    {"sha256-begin", 0, 0, false, bi_sha256_begin},
    {"sha256-hash", 2, 0, false, bi_sha256_hash},
    {"sha256-end", 1, 1, false, bi_sha256_end},
};

void init_chksum() {
  register_builtins(chksum_builtins);
  print_ops[int(T::Digest)] = print_digest;
}

}  // namespace tine
