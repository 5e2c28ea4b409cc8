def file_type(data, name): raise NotImplementedError
