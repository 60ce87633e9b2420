#pragma once
// The one place that includes QCustomPlot. Its header uses Qt's `foreach` and triggers
// warnings we do not want to see in every translation unit.

#if defined(__GNUC__)
#pragma GCC system_header
#endif
#include <qcustomplot.h>
