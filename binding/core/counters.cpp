#include "counters.h"

namespace dz {

Counters& GlobalCounters() {
  static Counters counters;
  return counters;
}

}  // namespace dz
