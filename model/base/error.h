#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace latentlab {

// Every failure the user can cause (a missing folder, a corrupt checkpoint, a
// bad setting) is reported as this, with a message fit to show as it is.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The one place an exception becomes what the user reads. `doing` completes
// "while ...", e.g. "training". latentlab::Error's text is shown as it is;
// LibTorch's without its C++ backtrace; running out of memory in plain words.
std::string user_message(const std::exception_ptr& error, const std::string& doing);

}  // namespace latentlab
