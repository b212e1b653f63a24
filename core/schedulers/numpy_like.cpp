#include "core/schedulers/numpy_like.h"

#include <algorithm>
#include <cmath>

#include "core/util/error.h"

namespace sd::numpy {

std::vector<double> linspace(double start, double stop, int64_t num) {
  if (num < 0) throw Error("linspace: negative number of samples " + std::to_string(num));
  std::vector<double> y(static_cast<std::size_t>(num));
  if (num == 0) return y;
  const int64_t div = num - 1;
  const double delta = stop - start;
  const double step = div > 0 ? delta / static_cast<double>(div) : 0.0;
  for (int64_t i = 0; i < num; ++i) {
    // numpy divides then multiplies when the step underflows to zero.
    const double scaled = (div > 0 && step == 0.0) ? static_cast<double>(i) / div * delta : static_cast<double>(i) * step;
    y[i] = scaled + start;
  }
  if (num > 1) y.back() = stop;
  return y;
}

std::vector<double> arange(double start, double stop, double step) {
  if (step == 0.0) throw Error("arange: zero step");
  const double length = std::ceil((stop - start) / step);
  std::vector<double> y;
  if (!(length > 0)) return y;
  y.resize(static_cast<std::size_t>(length));
  y[0] = start;
  if (y.size() > 1) y[1] = start + step;
  // numpy fills from the first two values: delta = (start + step) - start.
  const double delta = (start + step) - start;
  for (std::size_t i = 2; i < y.size(); ++i) y[i] = start + static_cast<double>(i) * delta;
  return y;
}

double round(double value) { return std::nearbyint(value); }

std::vector<double> round(std::vector<double> values) {
  for (auto& v : values) v = round(v);
  return values;
}

std::vector<double> reversed(std::vector<double> values) {
  std::reverse(values.begin(), values.end());
  return values;
}

std::vector<double> interp(const std::vector<double>& x, const std::vector<double>& fp) {
  if (fp.empty()) throw Error("interp: empty table");
  const auto n = static_cast<int64_t>(fp.size());
  std::vector<double> out;
  out.reserve(x.size());
  for (const double xv : x) {
    if (std::isnan(xv)) {
      out.push_back(xv);
    } else if (xv < 0) {
      out.push_back(fp.front());
    } else if (xv >= static_cast<double>(n - 1)) {
      out.push_back(fp.back());
    } else {
      const auto j = static_cast<int64_t>(std::floor(xv));
      if (static_cast<double>(j) == xv) {
        out.push_back(fp[j]);
      } else {
        // numpy: slope = (fp[j+1]-fp[j]) / (xp[j+1]-xp[j]); slope*(x - xp[j]) + fp[j]
        const double slope = (fp[j + 1] - fp[j]) / 1.0;
        out.push_back(slope * (xv - static_cast<double>(j)) + fp[j]);
      }
    }
  }
  return out;
}

}  // namespace sd::numpy
