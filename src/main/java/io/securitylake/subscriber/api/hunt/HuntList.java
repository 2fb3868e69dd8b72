package io.securitylake.subscriber.api.hunt;

import io.securitylake.subscriber.hunt.HuntParam;
import java.util.List;

/** The saved hunts: what each looks for, its ATT&CK techniques, its typed parameters and its engines. */
record HuntList(List<Item> items) {

    record Item(String id, String title, String description, List<String> attack, List<HuntParam> params,
                List<String> engines) {
    }
}
