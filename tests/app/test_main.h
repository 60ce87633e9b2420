#pragma once
// One test main for the app tests: settings go to a temporary location (never the user's),
// and the platform comes from the environment (CTest sets QT_QPA_PLATFORM=offscreen).

#include "main_window.h"
#include "mixture/mixture_page.h"

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace latentlab {
/// The mixture lesson of a window (every test window has it).
inline MixturePage* mixturePage(const MainWindow& w) {
    MixturePage* p = w.page<MixturePage>();
    Q_ASSERT(p);
    return p;
}
} // namespace latentlab

#define LATENTLAB_APP_TEST_MAIN(TestClass)                                                         \
    int main(int argc, char** argv) {                                                              \
        QStandardPaths::setTestModeEnabled(true);                                                  \
        QApplication app(argc, argv);                                                              \
        QApplication::setOrganizationName(QStringLiteral("LatentLabTest"));                        \
        QApplication::setApplicationName(QStringLiteral(#TestClass));                              \
        QTemporaryDir settingsDir;                                                                 \
        QSettings::setDefaultFormat(QSettings::IniFormat);                                         \
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());        \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
