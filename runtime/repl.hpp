// The interactive read-eval-print loop.
#pragma once

namespace tine {
void run_repl();
}
