#pragma once
// The few numpy routines diffusers' set_timesteps uses, computed the way
// numpy 1.24 computes them in float64 (element formulas and rounding
// included), so timestep and sigma tables match to the bit. No torch here.
#include <cstdint>
#include <vector>

namespace sd::numpy {

// np.linspace(start, stop, num) (endpoint=True): i*step + start, last = stop.
std::vector<double> linspace(double start, double stop, int64_t num);
// np.arange(start, stop, step) for float steps: start + i*((start+step)-start).
std::vector<double> arange(double start, double stop, double step);
// np.round / ndarray.round(): half to even.
double round(double value);
std::vector<double> round(std::vector<double> values);
std::vector<double> reversed(std::vector<double> values);
// np.interp(x, np.arange(len(fp)), fp): linear interpolation on the grid 0..n-1.
std::vector<double> interp(const std::vector<double>& x, const std::vector<double>& fp);

}  // namespace sd::numpy
