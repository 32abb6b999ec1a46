// The file system modules' shared pieces: stat structures, and targets that
// may be a path, a stream or a descriptor.
#pragma once
#include <sys/stat.h>

#include "syserr.hpp"

namespace tine {

// A stat structure (stdlib/30-sys.tl) holding ST; PATH may be nil.
val make_stat_struct(const struct stat &st, val path, const char *self);
// Fill ST from a stat structure; false if OBJ is not one.
bool stat_from_struct(val obj, struct stat *st, const char *self);

// A target of stat, chmod, chown, utimes, chdir: a path (string), a stream
// with a descriptor, or a descriptor.
struct FsTarget {
  std::string path;  // empty when FD is used
  int fd = -1;
};
FsTarget fs_target(val v, const char *self);

// stat/lstat of a path, stream, descriptor or stat structure, without
// throwing: false (errno set) when it fails.
bool probe_stat(val target, struct stat *st, bool no_follow, const char *self);

void init_fs();
void init_path_tests();
void init_dirs();
void init_fsops();

}  // namespace tine
