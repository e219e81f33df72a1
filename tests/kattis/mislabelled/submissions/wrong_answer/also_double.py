# Filed under wrong_answer/ by mistake: it is correct.
print(int(input()) * 2)
