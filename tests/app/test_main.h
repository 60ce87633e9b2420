#pragma once
// One test main for the app tests: settings go to a temporary location (never the user's),
// and the platform comes from the environment (CTest sets QT_QPA_PLATFORM=offscreen).

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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
