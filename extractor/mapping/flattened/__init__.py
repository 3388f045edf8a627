"""Tables whose cell separators were lost: a text copy that runs every cell of a row together
("一、本年新收政府信息公开申请数量801000081二、上年结转…"), table 4 one run of fifteen digits.

``segments`` cuts such text into labels and digit runs (knows no template); ``rows`` finds the
template's rows by their labels (the row definitions passed in as data); ``splits`` lists the
admissible ways to cut one run into a row's cells; ``solve`` keeps the assignments under which
the template's identities hold; ``place`` turns the outcome into contract values and warnings.
"""
