#include "qcp.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCustomPlot plot;
    plot.setWindowTitle("LatentLab");
    plot.resize(800, 600);
    plot.show();
    return app.exec();
}
