#pragma once

#include <stdexcept>
#include <string>

namespace latentlab {

// Every failure the user can cause (a missing folder, a corrupt checkpoint, a
// bad setting) is reported as this, with a message fit to show as it is.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace latentlab
