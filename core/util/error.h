#pragma once
#include <stdexcept>
#include <string>

namespace sd {

// Every failure inside core is an sd::Error whose message names the thing at
// fault (file, tensor, setting) so the window and the CLI can show it as is.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown when a caller asked to stop (cancel button, Ctrl+C).
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled") {}
};

}  // namespace sd
