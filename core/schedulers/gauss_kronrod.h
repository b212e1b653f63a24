#pragma once
// scipy.integrate.quad(f, a, b, epsrel=…) as LMSDiscreteScheduler calls it:
// QUADPACK dqagse, whose first 21-point Gauss–Kronrod pass (dqk21, same
// operation order) already meets the tolerance for LMS's polynomial
// integrands, so the result is dqk21's to the bit. When it does not, the
// interval is bisected adaptively (without dqagse's ε-extrapolation).
#include <functional>

namespace sd {

struct QuadResult {
  double value = 0;
  double absError = 0;
};

QuadResult integrateQuad(const std::function<double(double)>& f, double a, double b, double epsAbs, double epsRel);

}  // namespace sd
