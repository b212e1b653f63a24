#include "core/pipeline/setting_limits.h"

#include <sstream>

namespace sd {

namespace {
template <typename T>
std::string between(const SettingRange<T>& range) {
  std::ostringstream out;
  out << "between " << range.min << " and " << range.max;
  return out.str();
}
}  // namespace

std::string describeRange(const SettingRange<int>& range) { return between(range); }
std::string describeRange(const SettingRange<double>& range) { return between(range); }

}  // namespace sd
