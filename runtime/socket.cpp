// Sockets as streams: stream sockets buffered like files, datagram sockets
// as one-datagram-per-stream streams (TXR's model); open-socket,
// open-socket-pair, bind/listen/accept/connect, peers, shutdown, timeouts,
// socket options through FFI types, getaddrinfo.
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "ffi/ffi_type.hpp"
#include "socket.hpp"
#include "stream.hpp"

namespace tine {

static val sym_sockaddr_in, sym_sockaddr_in6, sym_sockaddr_un, s_timeout_error;
static val slot_addr, slot_port, slot_prefix, slot_flow, slot_scope, slot_path, slot_canonname;

val make_sockaddr_in(uint32_t addr, int port, int prefix, const char *self) {
  return make_sys_struct(sym_sockaddr_in,
                         {{slot_addr, mkuint(addr)}, {slot_port, mkfix(port)}, {slot_prefix, mkfix(prefix)}}, self);
}

val make_sockaddr_in6(unsigned __int128 addr, int port, int prefix, const char *self) {
  return make_sys_struct(sym_sockaddr_in6,
                         {{slot_addr, u128_val(addr)}, {slot_port, mkfix(port)}, {slot_prefix, mkfix(prefix)}}, self);
}

[[noreturn]] static void sock_err(const char *self, const char *what, int eno) {
  errno_err(s_socket_error, self, what, eno);
}

[[noreturn]] static void timeout_err(const char *self, const char *what) {
  errorf(s_timeout_error, "~a: ~a timed out", self, what);
}

// ---- addresses -----------------------------------------------------------------------------

// A Lisp address structure as a C socket address.
static socklen_t c_sockaddr(val obj, struct sockaddr_storage *ss, const char *self) {
  memset(ss, 0, sizeof *ss);
  if (sys_struct_has_slot(obj, slot_path)) {
    auto *un = reinterpret_cast<struct sockaddr_un *>(ss);
    un->sun_family = AF_UNIX;
    val path = sys_struct_slot(obj, slot_path, self);
    std::u32string p(sv(str_checked(path, self)));
    std::string bytes;
    for (char32_t c : p) bytes += c == 0xDC00 ? std::string(1, '\0') : utf8_encode(std::u32string_view(&c, 1));
    size_t n = std::min(bytes.size(), sizeof un->sun_path);
    memcpy(un->sun_path, bytes.data(), n);
    return socklen_t(offsetof(struct sockaddr_un, sun_path) + n + (n < sizeof un->sun_path && bytes[0] ? 1 : 0));
  }
  if (!sys_struct_has_slot(obj, slot_addr)) type_err(self, obj, "a socket address");
  val port = sys_struct_slot(obj, slot_port, self);
  uint16_t p = htons(uint16_t(port ? c_int_range(port, 0, 65535, self) : 0));
  if (sys_struct_has_slot(obj, slot_flow)) {
    auto *in6 = reinterpret_cast<struct sockaddr_in6 *>(ss);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = p;
    unsigned __int128 a = c_u128(sys_struct_slot(obj, slot_addr, self), self);
    for (int i = 0; i < 16; ++i) in6->sin6_addr.s6_addr[i] = uint8_t(a >> (120 - 8 * i));
    val flow = sys_struct_slot(obj, slot_flow, self), scope = sys_struct_slot(obj, slot_scope, self);
    in6->sin6_flowinfo = htonl(uint32_t(flow ? c_int_range(flow, 0, UINT32_MAX, self) : 0));
    in6->sin6_scope_id = uint32_t(scope ? c_int_range(scope, 0, UINT32_MAX, self) : 0);
    return sizeof(struct sockaddr_in6);
  }
  auto *in = reinterpret_cast<struct sockaddr_in *>(ss);
  in->sin_family = AF_INET;
  in->sin_port = p;
  in->sin_addr.s_addr = htonl(uint32_t(c_int_range(sys_struct_slot(obj, slot_addr, self), 0, UINT32_MAX, self)));
  return sizeof(struct sockaddr_in);
}

// A C socket address as a Lisp structure (nil for other families).
static val lisp_sockaddr(const struct sockaddr *sa, socklen_t len, const char *self) {
  switch (sa->sa_family) {
    case AF_INET: {
      auto *in = reinterpret_cast<const struct sockaddr_in *>(sa);
      return make_sockaddr_in(ntohl(in->sin_addr.s_addr), ntohs(in->sin_port), 32, self);
    }
    case AF_INET6: {
      auto *in6 = reinterpret_cast<const struct sockaddr_in6 *>(sa);
      unsigned __int128 a = 0;
      for (int i = 0; i < 16; ++i) a = (a << 8) | in6->sin6_addr.s6_addr[i];
      val s = make_sockaddr_in6(a, ntohs(in6->sin6_port), 128, self);
      sys_struct_set_slot(s, slot_flow, mkuint(ntohl(in6->sin6_flowinfo)), self);
      sys_struct_set_slot(s, slot_scope, mkuint(in6->sin6_scope_id), self);
      return s;
    }
    case AF_UNIX: {
      auto *un = reinterpret_cast<const struct sockaddr_un *>(sa);
      size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
      std::u32string p;
      for (size_t i = 0; i < n; ++i) {
        if (un->sun_path[i] == 0 && i > 0) break;
        p.push_back(un->sun_path[i] == 0 ? char32_t(0xDC00) : char32_t(uint8_t(un->sun_path[i])));
      }
      return make_sys_struct(sym_sockaddr_un, {{slot_path, mkstr_utf8(utf8_encode(p))}}, self);
    }
    default: return nullptr;
  }
}

// ---- socket streams --------------------------------------------------------------------------

// What every socket stream knows besides its I/O.
struct SocketInfo {
  int family, type;
  val peer = nullptr;
  bool timed_recv = false, timed_send = false;
};

struct SockStream : FdStream, SocketInfo {
  SockStream(int fd, const OpenMode &m, int fam, int ty) : FdStream(fd, m.read, m.write, true), SocketInfo{fam, ty} {}
  const char *kind_name() const override { return "socket"; }
  ssize_t fill(uint8_t *buf, size_t n) override {
    ssize_t got = FdStream::fill(buf, n);
    if (got < 0 && (err == EAGAIN || err == EWOULDBLOCK) && timed_recv) {
      err = 0;
      timeout_err("get-char", "receiving");
    }
    return got;
  }
};

// One datagram is one stream: input ends at the end of the datagram until
// clear-error; output collects until flush-stream sends it.
struct DgramStream : Stream, SocketInfo {
  int sfd;
  bool own, connected = false;
  size_t capture = 65536;
  uint8_t *rx = nullptr;
  size_t rx_len = 0, rx_pos = 0;
  bool have = false, at_end = false;
  std::string tx;

  DgramStream(int fd, bool owner, int fam, int ty) : SocketInfo{fam, ty}, sfd(fd), own(owner) {}
  const char *kind_name() const override { return "dgram-socket"; }
  int fd() const override { return closed ? -1 : sfd; }
  bool is_output() const override { return true; }

  void take(const uint8_t *p, size_t n) {
    rx = static_cast<uint8_t *>(gc_atomic(n ? n : 1));
    memcpy(rx, p, n);
    rx_len = n;
    rx_pos = 0;
    have = true;
  }

  int get_byte() override {
    if (closed) return -1;
    if (have && rx_pos < rx_len) return rx[rx_pos++];
    if (have || at_end) {
      have = false;
      at_end = true;
      return -1;
    }
    uint8_t *buf = static_cast<uint8_t *>(gc_atomic(capture));
    ssize_t n;
    while ((n = recv(sfd, buf, capture, 0)) < 0 && errno == EINTR) sig_poll();
    if (n < 0) {
      err = errno;
      if ((err == EAGAIN || err == EWOULDBLOCK) && timed_recv) timeout_err("get-char", "receiving");
      return -1;
    }
    take(buf, size_t(n));
    return get_byte();
  }

  bool put_bytes(const char *p, size_t n) override {
    if (closed) return false;
    tx.append(p, n);
    return true;
  }

  void flush() override {
    if (closed || tx.empty()) return;
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if (!connected && peer) len = c_sockaddr(peer, &ss, "flush-stream");
    ssize_t n;
    while ((n = len ? sendto(sfd, tx.data(), tx.size(), 0, reinterpret_cast<sockaddr *>(&ss), len)
                    : send(sfd, tx.data(), tx.size(), 0)) < 0 &&
           errno == EINTR)
      sig_poll();
    tx.clear();
    if (n < 0) {
      err = errno;
      if ((err == EAGAIN || err == EWOULDBLOCK) && timed_send) timeout_err("flush-stream", "sending");
    }
  }

  bool close() override {
    if (closed) return true;
    flush();
    closed = true;
    bool ok = err == 0;
    if (own && ::close(sfd) < 0) ok = false;
    return ok;
  }

  val error_state() override { return at_end ? s_t : Stream::error_state(); }
  void clear_error() override {
    Stream::clear_error();
    at_end = false;
  }
};

static SocketInfo *socket_info(val v, const char *self) {
  Stream *s = stream_checked(v, self);
  SocketInfo *si = dynamic_cast<SocketInfo *>(s);
  if (!si) type_err(self, v, "a socket");
  return si;
}

static int socket_fd(val v, const char *self) {
  socket_info(v, self);
  int fd = stream_checked(v, self)->fd();
  if (fd < 0) errorf(s_socket_error, "~a: ~s is closed", self, v);
  return fd;
}

static val make_socket_stream(int fd, int family, int type, const OpenMode &m, bool own, val peer) {
  if ((type & 0xf) == SOCK_DGRAM) {
    DgramStream *d = gc_new<DgramStream>(fd, own, family, type & 0xf);
    if (m.buf_order >= 0) d->capture = size_t(1024) << m.buf_order;
    d->peer = peer;
    return make_stream_obj(d);
  }
  SockStream *s = gc_new<SockStream>(fd, m, family, type & 0xf);
  s->peer = peer;
  return make_fd_stream(s, m, nullptr);
}

static OpenMode socket_mode(val mode, const char *self) { return parse_open_mode(mode, "r+", self); }

// (open-socket family type [mode]); type may include sock-nonblock, sock-cloexec.
static val bi_open_socket(const Args &a) {
  int family = int(c_int_range(a[0], 0, INT_MAX, a.name()));
  int type = int(c_int_range(a[1], 0, INT_MAX, a.name()));
  OpenMode m = socket_mode(a[2], a.name());
  int fd = socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0 && retry_for_descriptors(errno)) fd = socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) sock_err(a.name(), "socket failed", errno);
  return make_socket_stream(fd, family, type, m, true, nullptr);
}

static val bi_open_socket_pair(const Args &a) {
  int family = int(c_int_range(a[0], 0, INT_MAX, a.name()));
  int type = int(c_int_range(a[1], 0, INT_MAX, a.name()));
  OpenMode m = socket_mode(a[2], a.name());
  int fds[2];
  if (socketpair(family, type | SOCK_CLOEXEC, 0, fds) < 0) sock_err(a.name(), "socketpair failed", errno);
  val s0 = make_socket_stream(fds[0], family, type, m, true, nullptr);
  val s1 = make_socket_stream(fds[1], family, type, m, true, nullptr);
  for (val s : {s0, s1})
    if (auto *d = dynamic_cast<DgramStream *>(stream_checked(s, a.name()))) d->connected = true;
  return list({s0, s1});
}

// File and process streams have no family or type (nil).
static SocketInfo *maybe_socket(val v, const char *self) {
  Stream *s = stream_checked(v, self);
  SocketInfo *si = dynamic_cast<SocketInfo *>(s);
  if (!si && !dynamic_cast<FdStream *>(s)) type_err(self, v, "a socket, file or process stream");
  return si;
}

static val bi_sock_family(const Args &a) {
  SocketInfo *si = maybe_socket(a[0], a.name());
  return si ? mkfix(si->family) : nullptr;
}

static val bi_sock_type(const Args &a) {
  SocketInfo *si = maybe_socket(a[0], a.name());
  return si ? mkfix(si->type) : nullptr;
}

static val bi_sock_peer(const Args &a) { return socket_info(a[0], a.name())->peer; }

static val bi_sock_set_peer(const Args &a) {
  socket_info(a[0], a.name())->peer = a[1];
  return a[1];
}

// Waits up to USEC for FD to be ready for EVENTS; false on timeout.
static bool wait_ready(int fd, short events, int64_t usec, const char *self) {
  struct pollfd p = {fd, events, 0};
  int ms = int(std::min<int64_t>((usec + 999) / 1000, INT_MAX));
  int rc;
  while ((rc = poll(&p, 1, ms)) < 0 && errno == EINTR) sig_poll();
  if (rc < 0) sock_err(self, "poll failed", errno);
  return rc > 0;
}

static int64_t timeout_arg(val v, const char *self) { return absent(v) ? -1 : c_int_range(v, 0, INT64_MAX, self); }

// (sock-connect socket address [timeout-usec]) -> socket
static val bi_sock_connect(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  SocketInfo *si = socket_info(a[0], a.name());
  struct sockaddr_storage ss;
  socklen_t len = c_sockaddr(a[1], &ss, a.name());
  int64_t usec = timeout_arg(a[2], a.name());
  int flags = fcntl(fd, F_GETFL);
  if (usec >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc;
  while ((rc = connect(fd, reinterpret_cast<sockaddr *>(&ss), len)) < 0 && errno == EINTR) sig_poll();
  int eno = errno;
  if (rc < 0 && usec >= 0 && eno == EINPROGRESS) {
    bool ready = wait_ready(fd, POLLOUT, usec, a.name());
    fcntl(fd, F_SETFL, flags);
    if (!ready) timeout_err(a.name(), "connecting");
    socklen_t el = sizeof eno;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &eno, &el);
    rc = eno ? -1 : 0;
  } else if (usec >= 0) {
    fcntl(fd, F_SETFL, flags);
  }
  if (rc < 0) sock_err(a.name(), "connect failed", eno);
  si->peer = a[1];
  if (auto *d = dynamic_cast<DgramStream *>(stream_checked(a[0], a.name()))) d->connected = true;
  return a[0];
}

static val bi_sock_bind(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  struct sockaddr_storage ss;
  socklen_t len = c_sockaddr(a[1], &ss, a.name());
  int one = 1;
  if (ss.ss_family != AF_UNIX) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr *>(&ss), len) < 0) sock_err(a.name(), "bind failed", errno);
  return s_t;
}

// A datagram socket needs no listen: t at once.
static val bi_sock_listen(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  if (socket_info(a[0], a.name())->type == SOCK_DGRAM) return s_t;
  int backlog = absent(a[1]) ? 16 : int(c_int_range(a[1], 0, INT_MAX, a.name()));
  if (listen(fd, backlog) < 0) sock_err(a.name(), "listen failed", errno);
  return s_t;
}

// (sock-accept socket [mode [timeout-usec]]): a connected stream socket, or
// for a datagram socket a stream holding the next datagram, answering its
// sender.
static val bi_sock_accept(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  SocketInfo *si = socket_info(a[0], a.name());
  int64_t usec = timeout_arg(a[2], a.name());
  if (usec >= 0 && !wait_ready(fd, POLLIN, usec, a.name())) timeout_err(a.name(), "accepting");
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (auto *d = dynamic_cast<DgramStream *>(stream_checked(a[0], a.name()))) {
    uint8_t *buf = static_cast<uint8_t *>(gc_atomic(d->capture));
    ssize_t n;
    while ((n = recvfrom(fd, buf, d->capture, 0, reinterpret_cast<sockaddr *>(&ss), &len)) < 0 && errno == EINTR)
      sig_poll();
    if (n < 0) sock_err(a.name(), "recvfrom failed", errno);
    OpenMode m = socket_mode(a[1], a.name());
    val peer = lisp_sockaddr(reinterpret_cast<sockaddr *>(&ss), len, a.name());
    DgramStream *nd = gc_new<DgramStream>(fd, false, si->family, SOCK_DGRAM);
    nd->capture = m.buf_order >= 0 ? size_t(1024) << m.buf_order : d->capture;
    nd->peer = peer;
    nd->take(buf, size_t(n));
    return make_stream_obj(nd);
  }
  int nfd;
  while ((nfd = accept4(fd, reinterpret_cast<sockaddr *>(&ss), &len, SOCK_CLOEXEC)) < 0 && errno == EINTR) sig_poll();
  if (nfd < 0) sock_err(a.name(), "accept failed", errno);
  OpenMode m = socket_mode(a[1], a.name());
  return make_socket_stream(nfd, si->family, si->type, m, true,
                            lisp_sockaddr(reinterpret_cast<sockaddr *>(&ss), len, a.name()));
}

static val bi_sock_shutdown(const Args &a) {
  Stream *s = stream_checked(a[0], a.name());
  int fd = socket_fd(a[0], a.name());
  int how = absent(a[1]) ? SHUT_WR : int(c_int_range(a[1], 0, 2, a.name()));
  if (how != SHUT_RD) s->flush();
  if (shutdown(fd, how) < 0) sock_err(a.name(), "shutdown failed", errno);
  return s_t;
}

static val set_timeout(const Args &a, int opt) {
  int fd = socket_fd(a[0], a.name());
  int64_t usec = c_int_range(a[1], 0, INT64_MAX, a.name());
  struct timeval tv = {time_t(usec / 1000000), suseconds_t(usec % 1000000)};
  if (setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof tv) < 0) sock_err(a.name(), "setsockopt failed", errno);
  SocketInfo *si = socket_info(a[0], a.name());
  (opt == SO_RCVTIMEO ? si->timed_recv : si->timed_send) = usec > 0;
  return s_t;
}

static val bi_sock_recv_timeout(const Args &a) { return set_timeout(a, SO_RCVTIMEO); }
static val bi_sock_send_timeout(const Args &a) { return set_timeout(a, SO_SNDTIMEO); }

// ---- socket options ------------------------------------------------------------------------------

static FfiType *option_type(val v, const char *self) {
  static val int_type;
  if (!absent(v)) return ffi_type_checked(v, self);
  if (!int_type) int_type = ffi_type_compile(intern("int"), self);
  return ffi_type_of(int_type);
}

static val bi_sock_opt(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  int level = int(c_int_range(a[1], INT_MIN, INT_MAX, a.name()));
  int opt = int(c_int_range(a[2], INT_MIN, INT_MAX, a.name()));
  FfiType *t = option_type(a[3], a.name());
  void *mem = gc_atomic(t->size ? t->size : 1);
  memset(mem, 0, t->size);
  socklen_t len = socklen_t(t->size);
  if (getsockopt(fd, level, opt, mem, &len) < 0) sock_err(a.name(), "getsockopt failed", errno);
  return ffi_get(t, mem, a.name());
}

static val bi_sock_set_opt(const Args &a) {
  int fd = socket_fd(a[0], a.name());
  int level = int(c_int_range(a[1], INT_MIN, INT_MAX, a.name()));
  int opt = int(c_int_range(a[2], INT_MIN, INT_MAX, a.name()));
  FfiType *t = option_type(a[4], a.name());
  void *mem = gc_atomic(t->size ? t->size : 1);
  memset(mem, 0, t->size);
  ffi_put(t, a[3], mem, a.name());
  if (setsockopt(fd, level, opt, mem, socklen_t(t->size)) < 0) sock_err(a.name(), "setsockopt failed", errno);
  return a[3];
}

// ---- getaddrinfo -------------------------------------------------------------------------------------

// (getaddrinfo [node [service [hints]]]): integer node or service are put
// into every address instead of being looked up.
static val bi_getaddrinfo(const Args &a) {
  val node = absent(a[0]) ? nullptr : a[0], service = absent(a[1]) ? nullptr : a[1];
  std::string n, s;
  if (node && !integerp(node)) n = path_utf8(node, a.name());
  if (service && !integerp(service)) s = path_utf8(service, a.name());
  struct addrinfo hints, *res = nullptr;
  memset(&hints, 0, sizeof hints);
  if (!absent(a[2])) {
    auto slot = [&](const char *name) {
      val v = sys_struct_slot(a[2], intern(name), a.name());
      return v ? int(c_int_range(v, INT_MIN, INT_MAX, a.name())) : 0;
    };
    hints.ai_flags = slot("flags");
    hints.ai_family = slot("family");
    hints.ai_socktype = slot("socktype");
  }
  bool has_node = node && !integerp(node), has_service = service && !integerp(service);
  if (!has_node && !has_service) return nullptr;
  int rc = getaddrinfo(has_node ? n.c_str() : nullptr, has_service ? s.c_str() : nullptr,
                       absent(a[2]) ? nullptr : &hints, &res);
  if (rc != 0) {
    if (rc == EAI_SYSTEM) sock_err(a.name(), "getaddrinfo failed", errno);
    errorf(s_socket_error, "~a: ~s: ~a", a.name(), node ? node : service, gai_strerror(rc));
  }
  val out = nullptr;
  val canon = res && res->ai_canonname ? mkstr_utf8(res->ai_canonname) : nullptr;
  for (struct addrinfo *r = res; r; r = r->ai_next) {
    val addr = lisp_sockaddr(r->ai_addr, r->ai_addrlen, a.name());
    if (!addr) continue;
    if (node && integerp(node)) sys_struct_set_slot(addr, slot_addr, node, a.name());
    if (service && integerp(service)) sys_struct_set_slot(addr, slot_port, service, a.name());
    if (canon) sys_struct_set_slot(addr, slot_canonname, canon, a.name());
    out = cons(addr, out);
  }
  freeaddrinfo(res);
  return nreverse(out);
}

static const BuiltinDef socket_builtins[] = {
    {"open-socket", 2, 1, false, bi_open_socket},
    {"open-socket-pair", 2, 1, false, bi_open_socket_pair},
    {"sock-family", 1, 0, false, bi_sock_family},
    {"sock-type", 1, 0, false, bi_sock_type},
    {"sock-peer", 1, 0, false, bi_sock_peer},
    {"sock-set-peer", 2, 0, false, bi_sock_set_peer},
    {"sock-connect", 2, 1, false, bi_sock_connect},
    {"sock-bind", 2, 0, false, bi_sock_bind},
    {"sock-listen", 1, 1, false, bi_sock_listen},
    {"sock-accept", 1, 2, false, bi_sock_accept},
    {"sock-shutdown", 1, 1, false, bi_sock_shutdown},
    {"sock-recv-timeout", 2, 0, false, bi_sock_recv_timeout},
    {"sock-send-timeout", 2, 0, false, bi_sock_send_timeout},
    {"sock-opt", 3, 1, false, bi_sock_opt},
    {"sock-set-opt", 4, 1, false, bi_sock_set_opt},
    {"getaddrinfo", 0, 3, false, bi_getaddrinfo},
};

void init_sockets() {
  sym_sockaddr_in = intern("sockaddr-in");
  sym_sockaddr_in6 = intern("sockaddr-in6");
  sym_sockaddr_un = intern("sockaddr-un");
  slot_addr = intern("addr");
  slot_port = intern("port");
  slot_prefix = intern("prefix");
  slot_flow = intern("flow-info");
  slot_scope = intern("scope-id");
  slot_path = intern("path");
  slot_canonname = intern("canonname");
  s_timeout_error = intern("timeout-error");
  def_exception(s_timeout_error, s_error);
  static const struct {
    const char *name;
    int value;
  } consts[] = {
      {"af-unspec", AF_UNSPEC},
      {"af-unix", AF_UNIX},
      {"af-inet", AF_INET},
      {"af-inet6", AF_INET6},
      {"sock-stream", SOCK_STREAM},
      {"sock-dgram", SOCK_DGRAM},
      {"sock-nonblock", SOCK_NONBLOCK},
      {"sock-cloexec", SOCK_CLOEXEC},
      {"ai-passive", AI_PASSIVE},
      {"ai-canonname", AI_CANONNAME},
      {"ai-numerichost", AI_NUMERICHOST},
      {"ai-v4mapped", AI_V4MAPPED},
      {"ai-all", AI_ALL},
      {"ai-addrconfig", AI_ADDRCONFIG},
      {"ai-numericserv", AI_NUMERICSERV},
      {"shut-rd", SHUT_RD},
      {"shut-wr", SHUT_WR},
      {"shut-rdwr", SHUT_RDWR},
      {"sol-socket", SOL_SOCKET},
      {"ipproto-ip", IPPROTO_IP},
      {"ipproto-ipv6", IPPROTO_IPV6},
      {"ipproto-tcp", IPPROTO_TCP},
      {"ipproto-udp", IPPROTO_UDP},
      {"so-acceptconn", SO_ACCEPTCONN},
      {"so-broadcast", SO_BROADCAST},
      {"so-debug", SO_DEBUG},
      {"so-dontroute", SO_DONTROUTE},
      {"so-error", SO_ERROR},
      {"so-keepalive", SO_KEEPALIVE},
      {"so-linger", SO_LINGER},
      {"so-oobinline", SO_OOBINLINE},
      {"so-rcvbuf", SO_RCVBUF},
      {"so-rcvlowat", SO_RCVLOWAT},
      {"so-rcvtimeo", SO_RCVTIMEO},
      {"so-reuseaddr", SO_REUSEADDR},
      {"so-sndbuf", SO_SNDBUF},
      {"so-sndlowat", SO_SNDLOWAT},
      {"so-sndtimeo", SO_SNDTIMEO},
      {"so-type", SO_TYPE},
      {"ipv6-join-group", IPV6_JOIN_GROUP},
      {"ipv6-leave-group", IPV6_LEAVE_GROUP},
      {"ipv6-multicast-hops", IPV6_MULTICAST_HOPS},
      {"ipv6-multicast-if", IPV6_MULTICAST_IF},
      {"ipv6-multicast-loop", IPV6_MULTICAST_LOOP},
      {"ipv6-unicast-hops", IPV6_UNICAST_HOPS},
      {"ipv6-v6only", IPV6_V6ONLY},
      {"tcp-nodelay", TCP_NODELAY},
      {"inaddr-any", 0},
      {"inaddr-loopback", 0x7f000001},
      {"in6addr-any", 0},
      {"in6addr-loopback", 1},
  };
  for (auto &c : consts) defvar_builtin(c.name, mkint(c.value), false);
  register_builtins(socket_builtins);
}

}  // namespace tine
