#include "model/base/error.h"

#include <c10/util/Exception.h>

#include <new>

namespace latentlab {

std::string user_message(const std::exception_ptr& error, const std::string& doing) {
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.what();
    } catch (const c10::Error& e) {
        // what() would append a C++ backtrace, which means nothing to the user.
        return "Unexpected error while " + doing + ": " + e.what_without_backtrace();
    } catch (const std::bad_alloc&) {
        return "Not enough memory for " + doing + ". Try a smaller model, batch or data set.";
    } catch (const std::exception& e) {
        return "Unexpected error while " + doing + ": " + e.what();
    } catch (...) {
        return "Unexpected error while " + doing + ".";
    }
}

}  // namespace latentlab
