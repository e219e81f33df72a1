from util import answer
print(answer(int(input())))
