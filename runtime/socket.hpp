// Sockets: address structures (sockaddr-in, sockaddr-in6, sockaddr-un) and
// their text forms (inaddr.cpp), socket streams (socket.cpp).
#pragma once
#include "syserr.hpp"

namespace tine {

val u128_val(unsigned __int128 v);
unsigned __int128 c_u128(val v, const char *self);

// New sockaddr-in / sockaddr-in6 structures (stdlib/45-socket.tl).
val make_sockaddr_in(uint32_t addr, int port, int prefix, const char *self);
val make_sockaddr_in6(unsigned __int128 addr, int port, int prefix, const char *self);

void init_inaddr();
void init_sockets();

}  // namespace tine
