// The GUI's command line: good arguments parse, bad ones give a message and status 2.
#include "test_main.h"

#include "command_line.h"

using namespace latentlab;

class CommandLineTest : public QObject {
    Q_OBJECT
    static std::variant<GuiOptions, CommandLineExit> parse(QStringList args) {
        args.prepend("latentlab");
        return parseCommandLine(args, registeredPages());
    }

private slots:
    void goodArguments() {
        const auto r =
            parse({"--preset", "faithful", "--k", "2", "--seed", "18446744073709551615", "--steps",
                   "3", "--lecture", "--screenshot", "out.png", "--size", "800x600"});
        if (const auto* e = std::get_if<CommandLineExit>(&r))
            QFAIL(qPrintable(e->text));
        const auto& o = std::get<GuiOptions>(r);
        QCOMPARE(o.values.value("preset"), QString("faithful"));
        QCOMPARE(o.values.value("k"), QString("2"));
        QCOMPARE(o.values.value("seed"), QString("18446744073709551615"));
        QCOMPARE(o.view, QString("mixture")); // the page whose options these are
        QCOMPARE(o.steps, 3);
        QVERIFY(o.lecture);
        QCOMPARE(o.size, QSize(800, 600));
        QVERIFY(o.batch());
    }

    void badArguments_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expect");
        QTest::newRow("k zero") << QStringList{"--k", "0"} << "--k";
        QTest::newRow("k text") << QStringList{"--k", "three"} << "--k";
        QTest::newRow("k nine") << QStringList{"--k", "9"} << "--k";
        QTest::newRow("seed negative") << QStringList{"--seed", "-1"} << "--seed";
        QTest::newRow("steps huge") << QStringList{"--steps", "1e9"} << "--steps";
        QTest::newRow("size") << QStringList{"--size", "big"} << "--size";
        QTest::newRow("preset") << QStringList{"--preset", "nope"} << "unknown preset";
        QTest::newRow("two files") << QStringList{"a.csv", "b.csv"} << "one file";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "frobnicate";
        QTest::newRow("missing value") << QStringList{"--k"} << "k";
    }

    void badArguments() {
        QFETCH(QStringList, args);
        QFETCH(QString, expect);
        const auto r = parse(args);
        QVERIFY(std::holds_alternative<CommandLineExit>(r));
        const auto& e = std::get<CommandLineExit>(r);
        QCOMPARE(e.status, 2);
        QVERIFY2(e.text.contains(expect), qPrintable(e.text));
    }

    void qtStandardOptionsAreQts() {
        // Issue 12: -style fusion, -platform ..., -reverse were refused as unknown options.
        const auto r = parse({"-style", "fusion", "-platform", "offscreen", "-reverse",
                              "--stylesheet=x.qss", "--k", "2", "-qwindowtitle", "T"});
        if (const auto* e = std::get_if<CommandLineExit>(&r))
            QFAIL(qPrintable(e->text));
        QCOMPARE(std::get<GuiOptions>(r).values.value("k"), QString("2"));
        QCOMPARE(withoutQtOptions(
                     {"latentlab", "-style=fusion", "--k", "3", "--platform", "xcb", "data.csv"}),
                 QStringList({"latentlab", "--k", "3", "data.csv"}));
        // A flag with a value is not Qt's -reverse.
        QCOMPARE(withoutQtOptions({"latentlab", "-reverse=1"}),
                 QStringList({"latentlab", "-reverse=1"}));
    }

    void helpAllListsQtOptions() {
        const auto r = parse({"--help-all"});
        QVERIFY(std::holds_alternative<CommandLineExit>(r));
        const auto& e = std::get<CommandLineExit>(r);
        QCOMPARE(e.status, 0);
        QVERIFY2(e.text.contains("--screenshot") && e.text.contains("-style") &&
                     e.text.contains("-platform") && e.text.contains("-reverse"),
                 qPrintable(e.text));
    }

    void help() {
        const auto r = parse({"--help"});
        QVERIFY(std::holds_alternative<CommandLineExit>(r));
        QCOMPARE(std::get<CommandLineExit>(r).status, 0);
        QVERIFY(std::get<CommandLineExit>(r).text.contains("--screenshot"));
    }
};

LATENTLAB_APP_TEST_MAIN(CommandLineTest)
#include "command_line_test.moc"
