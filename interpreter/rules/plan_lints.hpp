// Lints of the plan: warnings about rules that passed `check`, counted on the compiled plan.
#pragma once

#include "diagnostic.hpp"
#include "plan.hpp"

namespace cptrules::interp {

// Warns (W0408) about every version of a timed code that no payer's policy can give a unit: on
// no date of service on which it is in force is there a payer, and a policy of that payer, in
// force whose units are above 0 for some minutes of its unit length up to a day. Runs on the
// plan of rules that passed `check`, so that it counts units exactly as the evaluator does.
void warn_unpriced_codes(const Plan& plan, lang::Diagnostics& diagnostics);

}  // namespace cptrules::interp
