package io.meshconformance.junit;

import io.meshconformance.bookinfo.ProductPageView;
import io.meshconformance.istio.ChartInstaller;
import io.meshconformance.text.Redaction;
import io.qameta.allure.Allure;

/** What the stages attach to the report, each piece through the redaction whatever it holds. */
final class Attachments {

    private Attachments() {
    }

    static void attach(String title, String type, String text) {
        Allure.addAttachment(title, type, Redaction.text(text));
    }

    /** The page's details part, as the verdict saw it. */
    static ProductPageView page(ProductPageView view) {
        attach("productpage details part", "text/plain", view.summary() + "\n" + view.detailsExcerpt());
        return view;
    }

    /** The values of a release the run installed, with the equivalent helm command. */
    static void helmValues(ChartInstaller.Installed installed) {
        attach("helm values " + installed.release(), "text/yaml", installed.valuesDocument());
    }
}
