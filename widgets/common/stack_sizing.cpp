#include "common/stack_sizing.h"

#include <QStackedWidget>

namespace latentlab {

namespace {

void applyPolicies(QStackedWidget* stack) {
    for (int i = 0; i < stack->count(); ++i) {
        QWidget* w = stack->widget(i);
        const auto policy =
            i == stack->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        w->setSizePolicy(policy, policy);
    }
    stack->updateGeometry();
}

} // namespace

void sizeStackByCurrentPage(QStackedWidget* stack) {
    QObject::connect(stack, &QStackedWidget::currentChanged, stack,
                     [stack] { applyPolicies(stack); });
    QObject::connect(stack, &QStackedWidget::widgetRemoved, stack,
                     [stack] { applyPolicies(stack); });
    applyPolicies(stack);
}

} // namespace latentlab
