#include "core/schedulers/gauss_kronrod.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

namespace sd {

namespace {

// QUADPACK dqk21 abscissae and weights.
constexpr double kXgk[11] = {0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
                             0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
                             0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
                             0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
                             0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
                             0.000000000000000000000000000000000};
constexpr double kWgk[11] = {0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
                             0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
                             0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
                             0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
                             0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
                             0.149445554002916905664936468389821};
constexpr double kWg[5] = {0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
                           0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
                           0.295524224714752870173892994651338};
constexpr double kEpmach = DBL_EPSILON;
constexpr double kUflow = DBL_MIN;

struct Dqk21 {
  double result, abserr, resabs, resasc;
};

Dqk21 dqk21(const std::function<double(double)>& f, double a, double b) {
  const double centr = 0.5 * (a + b);
  const double hlgth = 0.5 * (b - a);
  const double dhlgth = std::fabs(hlgth);
  double fv1[10], fv2[10];
  double resg = 0.0;
  const double fc = f(centr);
  double resk = kWgk[10] * fc;
  double resabs = std::fabs(resk);
  for (int j = 1; j <= 5; ++j) {
    const int jtw = 2 * j - 1;  // Fortran jtw = 2j, 1-based
    const double absc = hlgth * kXgk[jtw];
    const double fval1 = f(centr - absc);
    const double fval2 = f(centr + absc);
    fv1[jtw] = fval1;
    fv2[jtw] = fval2;
    const double fsum = fval1 + fval2;
    resg = resg + kWg[j - 1] * fsum;
    resk = resk + kWgk[jtw] * fsum;
    resabs = resabs + kWgk[jtw] * (std::fabs(fval1) + std::fabs(fval2));
  }
  for (int j = 1; j <= 5; ++j) {
    const int jtwm1 = 2 * j - 2;  // Fortran jtwm1 = 2j-1, 1-based
    const double absc = hlgth * kXgk[jtwm1];
    const double fval1 = f(centr - absc);
    const double fval2 = f(centr + absc);
    fv1[jtwm1] = fval1;
    fv2[jtwm1] = fval2;
    const double fsum = fval1 + fval2;
    resk = resk + kWgk[jtwm1] * fsum;
    resabs = resabs + kWgk[jtwm1] * (std::fabs(fval1) + std::fabs(fval2));
  }
  const double reskh = resk * 0.5;
  double resasc = kWgk[10] * std::fabs(fc - reskh);
  for (int j = 0; j < 10; ++j) resasc = resasc + kWgk[j] * (std::fabs(fv1[j] - reskh) + std::fabs(fv2[j] - reskh));
  Dqk21 out{resk * hlgth, std::fabs((resk - resg) * hlgth), resabs * dhlgth, resasc * dhlgth};
  if (out.resasc != 0.0 && out.abserr != 0.0)
    out.abserr = out.resasc * std::min(1.0, std::pow(200.0 * out.abserr / out.resasc, 1.5));
  if (out.resabs > kUflow / (50.0 * kEpmach)) out.abserr = std::max((kEpmach * 50.0) * out.resabs, out.abserr);
  return out;
}

struct Piece {
  double a, b, value, error;
};

}  // namespace

QuadResult integrateQuad(const std::function<double(double)>& f, double a, double b, double epsAbs, double epsRel) {
  constexpr int kLimit = 50;  // scipy's default subinterval limit
  const auto first = dqk21(f, a, b);
  const double errbnd = std::max(epsAbs, epsRel * std::fabs(first.result));
  const bool roundoff = first.abserr <= 100.0 * kEpmach * first.resabs && first.abserr > errbnd;
  if (roundoff || (first.abserr <= errbnd && first.abserr != first.resasc) || first.abserr == 0.0)
    return {first.result, first.abserr};
  // Rare for LMS: plain adaptive bisection of the worst interval.
  std::vector<Piece> pieces{{a, b, first.result, first.abserr}};
  for (int i = 1; i < kLimit; ++i) {
    double value = 0, error = 0;
    for (const auto& p : pieces) value += p.value, error += p.error;
    if (error <= std::max(epsAbs, epsRel * std::fabs(value))) return {value, error};
    auto worst = std::max_element(pieces.begin(), pieces.end(),
                                  [](const Piece& x, const Piece& y) { return x.error < y.error; });
    const Piece p = *worst;
    const double mid = 0.5 * (p.a + p.b);
    const auto left = dqk21(f, p.a, mid);
    const auto right = dqk21(f, mid, p.b);
    *worst = {p.a, mid, left.result, left.abserr};
    pieces.push_back({mid, p.b, right.result, right.abserr});
  }
  double value = 0, error = 0;
  for (const auto& p : pieces) value += p.value, error += p.error;
  return {value, error};
}

}  // namespace sd
