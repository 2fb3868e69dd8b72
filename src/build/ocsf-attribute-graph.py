#!/usr/bin/env python3
"""Derives src/main/resources/ocsf/attribute-graph.tsv from a clone of github.com/ocsf/ocsf-schema.

Usage: ocsf-attribute-graph.py <ocsf-schema git dir> > src/main/resources/ocsf/attribute-graph.tsv

For each tag below, every event class the Sigma logsources select and every object reachable from them: the
attributes (their own, those of the classes or objects they extend, of the files they $include and of the profiles
they name), each with its object type, or '*' where anything may sit below it (object_t, json_t), or nothing for a
scalar. The union over the tags is written: Security Lake writes OCSF 1.0.0-rc.2 (1.0) and 1.1.0 (2.0), custom
sources up to the newest release; the same tags as ocsf/catalog.tsv.
"""
import json
import subprocess
import sys

TAGS = ["v1.0.0-rc.2", "v1.0.0", "v1.1.0", "v1.2.0", "1.3.0", "1.8.0"]
CLASSES = {1001, 1002, 1005, 1007, 4001, 4003, 201001, 201002, 3001, 3002, 3003, 3004, 3005, 3006, 6003}
ANY = {"object_t", "json_t", "object"}


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def load(repo, tag):
    files = {}
    for path in git(repo, "ls-tree", "-r", "--name-only", "refs/tags/" + tag).split():
        if path.endswith(".json"):
            try:
                files[path] = json.loads(git(repo, "show", "refs/tags/" + tag + ":" + path))
            except json.JSONDecodeError:
                pass
    return files


def derive(repo, tag):
    files = load(repo, tag)

    def attrs_of(doc, base_dir):
        out = {}
        for key, value in doc.get("attributes", {}).items():
            if key == "$include":
                for inc in value if isinstance(value, list) else [value]:
                    included = files.get(inc) or files.get(base_dir + "/" + inc)
                    if included:
                        out.update(attrs_of(included, base_dir))
            else:
                out[key] = value or {}
        for profile in doc.get("profiles", []) or []:
            p = files.get("profiles/" + profile + ".json") or files.get(base_dir + "/profiles/" + profile + ".json")
            if p:
                out.update(attrs_of(p, base_dir))
        return out

    dictionary = {}
    categories = {}
    for path, doc in files.items():
        if path.endswith("dictionary.json"):
            dictionary.update(doc.get("attributes", {}))
        if path.endswith("categories.json"):
            for name, c in doc.get("attributes", {}).items():
                categories[name] = c.get("uid")
    extension_uid = {}
    for path, doc in files.items():
        if path.startswith("extensions/") and path.endswith("extension.json"):
            extension_uid[path.split("/")[1]] = doc.get("uid")

    def base_dir(path):
        return "/".join(path.split("/")[:2]) if path.startswith("extensions/") else ""

    events = {}
    objects = {}
    for path, doc in files.items():
        if "/events/" in "/" + path and "name" in doc:
            events.setdefault(doc["name"], []).append((path, doc))
        if "/objects/" in "/" + path and ("name" in doc or "extends" in doc):
            objects.setdefault(doc.get("name") or doc["extends"], []).append((path, doc))

    def event_attrs(name, seen=()):
        out = {}
        for path, doc in events.get(name, []):
            if doc.get("extends") and doc["extends"] not in seen:
                out.update(event_attrs(doc["extends"], seen + (name,)))
            out.update(attrs_of(doc, base_dir(path)))
        return out

    def category_of(name, seen=()):
        for path, doc in events.get(name, []):
            if doc.get("category"):
                return doc["category"]
            if doc.get("extends") and doc["extends"] not in seen:
                found = category_of(doc["extends"], seen + (name,))
                if found:
                    return found
        return None

    def object_attrs(name, seen=()):
        out = {}
        for path, doc in sorted(objects.get(name, []), key=lambda pd: pd[0].startswith("extensions/")):
            parent = doc.get("extends")
            if parent and parent != name and parent not in seen:
                out.update(object_attrs(parent, seen + (name,)))
            out.update(attrs_of(doc, base_dir(path)))
        return out

    def type_of(attr, spec):
        t = spec.get("type") or dictionary.get(attr, {}).get("type")
        if t in ANY:
            return "*"
        if t and not t.endswith("_t"):
            return t
        return ""

    graph_classes = {}
    for name, docs in events.items():
        for path, doc in docs:
            if "uid" not in doc:
                continue
            cat = categories.get(category_of(name))
            if cat is None:
                continue
            uid = doc["uid"]
            class_uid = uid if uid >= 1000 else cat * 1000 + uid
            if path.startswith("extensions/"):
                ext = extension_uid.get(path.split("/")[1])
                class_uid = ext * 100000 + cat * 1000 + uid if ext and class_uid < 100000 else class_uid
            if class_uid in CLASSES:
                attrs = event_attrs(name)
                graph_classes[class_uid] = {a: type_of(a, s) for a, s in attrs.items()}
    graph_objects = {}
    todo = [t for attrs in graph_classes.values() for t in attrs.values() if t and t != "*"]
    while todo:
        o = todo.pop()
        if o in graph_objects:
            continue
        attrs = object_attrs(o)
        graph_objects[o] = {a: type_of(a, s) for a, s in attrs.items()}
        todo.extend(t for t in graph_objects[o].values() if t and t != "*")
    return graph_classes, graph_objects


def main():
    repo = sys.argv[1]
    classes, objects = {}, {}
    for tag in TAGS:
        c, o = derive(repo, tag)
        for k, v in c.items():
            classes.setdefault(k, set()).update(v.items())
        for k, v in o.items():
            objects.setdefault(k, set()).update(v.items())

    def line(kind, name, attrs):
        return kind + "\t" + str(name) + "\t" + " ".join(sorted(a + (":" + t if t else "") for a, t in attrs))

    print("# OCSF attributes per event class and object, Apache-2.0: derived by src/build/ocsf-attribute-graph.py from")
    print("# github.com/ocsf/ocsf-schema at tags " + ", ".join(TAGS) + " (core and extensions), the union of the tags.")
    print("# Tab-separated: C class_uid attributes | O object attributes. An attribute is name, name:object (an object")
    print("# of that name), or name:* (object_t / json_t: anything may sit below it). Classes: the Sigma logsources' only.")
    for k in sorted(classes):
        print(line("C", k, classes[k]))
    for k in sorted(objects):
        print(line("O", k, objects[k]))


main()
