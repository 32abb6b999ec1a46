// make-env, env-vbindings, env-fbindings, env-next, env-vbind, env-fbind
// (env.cpp): macro environments built by programs, as the ones pattern
// macros receive.
#pragma once

namespace tine {

void init_env();

}  // namespace tine
