% A second Prolog file: the folder is Prolog by the majority of its files.
unused(x).
