#include "common/transport_bar.h"

#include <QAction>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

namespace latentlab {

namespace {
QToolButton* button(QAction* action, QWidget* parent) {
    auto* b = new QToolButton(parent);
    b->setDefaultAction(action);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setFocusPolicy(Qt::NoFocus);
    b->setAutoRaise(false);
    return b;
}
} // namespace

TransportBar::TransportBar(const Actions& a, QWidget* parent)
    : QWidget(parent), m_timeline(new QSlider(Qt::Horizontal, this)), m_position(new QLabel(this)),
      m_speed(new QDoubleSpinBox(this)), m_busy(new QProgressBar(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    for (QAction* action : {a.reset, a.back, a.eStep, a.mStep, a.iterate, a.play, a.run})
        layout->addWidget(button(action, this));

    m_speed->setRange(0.5, 30.0);
    m_speed->setSingleStep(0.5);
    m_speed->setDecimals(1);
    m_speed->setSuffix(tr(" /s"));
    m_speed->setToolTip(tr("Playing speed in half-steps per second (0.5 to 30)"));
    m_speed->setStatusTip(m_speed->toolTip());
    m_speed->setFocusPolicy(Qt::ClickFocus);
    layout->addWidget(m_speed);
    connect(m_speed, &QDoubleSpinBox::valueChanged, this, &TransportBar::speedChanged);

    m_timeline->setFocusPolicy(Qt::NoFocus);
    m_timeline->setToolTip(tr("Timeline of every recorded half-step: drag to revisit one "
                              "(Home / End: first / last)"));
    m_timeline->setStatusTip(m_timeline->toolTip());
    m_timeline->setPageStep(2);
    m_timeline->setTickPosition(QSlider::TicksBelow);
    connect(m_timeline, &QSlider::valueChanged, this, &TransportBar::timelineMoved);
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_position);

    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    layout->addWidget(m_busy);
    setTimeline(0, 1);
}

void TransportBar::setTimeline(int current, int count) {
    const QSignalBlocker block(m_timeline);
    m_timeline->setRange(0, std::max(0, count - 1));
    m_timeline->setValue(current);
    m_timeline->setTickInterval(count > 40 ? 10 : 1);
    // "0 / 0" at the start would read as nothing to show.
    m_position->setText(count > 1 ? tr("%1 / %2").arg(current).arg(count - 1) : tr("start"));
}

double TransportBar::speed() const {
    return m_speed->value();
}

void TransportBar::setSpeed(double v) {
    m_speed->setValue(v);
}

void TransportBar::setBusy(bool busy, const QString& what) {
    m_busy->setVisible(busy);
    m_busy->setToolTip(what);
    m_timeline->setEnabled(!busy);
}

} // namespace latentlab
