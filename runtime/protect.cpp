// Translation of the evaluator's internal unwinds at the protected boundary.
#include "protect.hpp"

namespace tine {

static LispThrow error_throw(const char *message, val obj = nullptr) {
  const ErrArg args[] = {ErrArg(obj)};
  return LispThrow{s_eval_error, list({format_message(message, args, obj ? 1 : 0)}), nullptr, 0};
}

void rethrow_as_lisp_throw() {
  try {
    throw;
  } catch (LispThrow &) {
    throw;
  } catch (CatchUnwind &u) {
    throw LispThrow{u.sym, u.args, nullptr, 0};
  } catch (DynReturn &d) {
    throw error_throw("return-from: no block named ~s is visible", d.name);
  } catch (ReturnFrom &) {
    throw error_throw("return-from: the block is no longer active");
  } catch (GoTo &) {
    throw error_throw("go: the tagbody is no longer active");
  }
}

}  // namespace tine
