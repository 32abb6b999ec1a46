// Run-time support of the pattern matcher in stdlib/match.tl (match.cpp):
// sys:pm-seq-* walk sequences without allocating, sys:qm-text steps over
// literal text in quasiliteral patterns.
#pragma once

namespace tine {

void init_match();

}  // namespace tine
