print("matchbook")
