#pragma once

class QStackedWidget;

namespace latentlab {

// A QStackedWidget is as large as its largest page, hidden pages included. After this call
// only the page in front counts: the others are given the Ignored size policy whenever the
// current page changes, so a narrow window is limited by what it shows, not by what it
// could show.
void sizeStackByCurrentPage(QStackedWidget* stack);

} // namespace latentlab
